# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools import report_data


class ReportCallbackRegister(models.AbstractModel):
    """The call register and the letter register (跟踪服务电话/信函登记表): one line a call
    or letter of a period, or of the callbacks selected in a list."""

    _name = "report.fleet_aftersales.report_callback_register"
    _description = "Call and Letter Register"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        Callback = self.env["fleet.aftersales.callback"]
        company = (
            report_data.get_records(self.env, "res.company", data, "company_id") or self.env.company
        )
        date_from = report_data.get_date(self.env, data, "date_from")
        date_to = report_data.get_date(self.env, data, "date_to") or date_from
        if date_from:
            letters = data.get("register") == "letter"
            docs = Callback.search(
                self._get_register_domain(company, date_from, date_to, letters),
                order="date_due, id",
            )
        else:
            docs = Callback.browse(docids).sorted(lambda c: (c.date_due, c.id))
            letters = bool(docs) and all(c.channel == "letter" for c in docs)
        return {
            "doc_ids": docs.ids,
            "doc_model": "fleet.aftersales.callback",
            "docs": docs,
            "is_letter_register": letters,
            "pages": report_data.paginate([{"lines": 1, "rows": docs}]),
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
        }

    @api.model
    def _get_register_domain(self, company, date_from, date_to, letters):
        """The calls, or the letters, of ``company`` due from ``date_from`` to ``date_to``."""
        return [
            ("company_id", "=", company.id),
            ("date_due", ">=", date_from),
            ("date_due", "<=", date_to),
            ("state", "!=", "cancelled"),
            ("channel", "=" if letters else "!=", "letter"),
        ]
