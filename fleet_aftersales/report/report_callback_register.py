# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ReportCallbackRegister(models.AbstractModel):
    """The call register and the letter register (跟踪服务电话/信函登记表): one line a call
    or letter of a period, or of the callbacks selected in a list."""

    _name = "report.fleet_aftersales.report_callback_register"
    _description = "Call and Letter Register"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        Callback = self.env["fleet.aftersales.callback"]
        if data.get("date_from"):
            letters = data.get("register") == "letter"
            docs = Callback.search(self._get_register_domain(data, letters), order="date_due, id")
        else:
            docs = Callback.browse(docids).sorted(lambda c: (c.date_due, c.id))
            letters = bool(docs) and all(c.channel == "letter" for c in docs)
        return {
            "doc_ids": docs.ids,
            "doc_model": "fleet.aftersales.callback",
            "docs": docs,
            "is_letter_register": letters,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "company": self.env["res.company"].browse(data.get("company_id")) or self.env.company,
        }

    @api.model
    def _get_register_domain(self, data, letters):
        """The calls, or the letters, due in the period of ``data``."""
        return [
            ("company_id", "=", data.get("company_id") or self.env.company.id),
            ("date_due", ">=", data["date_from"]),
            ("date_due", "<=", data["date_to"]),
            ("state", "!=", "cancelled"),
            ("channel", "=" if letters else "!=", "letter"),
        ]
