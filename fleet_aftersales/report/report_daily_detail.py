# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools import report_data


class ReportDailyDetail(models.AbstractModel):
    """The daily callback detail (每日回访明细统计表): a day's callbacks, per type."""

    _name = "report.fleet_aftersales.report_daily_detail"
    _description = "Daily Callback Detail"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        company = (
            report_data.get_records(self.env, "res.company", data, "company_id") or self.env.company
        )
        day = report_data.get_date(self.env, data, "date_from") or company._aftersales_today()
        callbacks = self.env["fleet.aftersales.callback"].search(
            [("company_id", "=", company.id), ("date_due", "=", day), ("state", "!=", "cancelled")],
            order="callback_type, id",
        )
        labels = dict(callbacks._fields["callback_type"]._description_selection(self.env))
        groups = [
            {
                "label": labels[kind],
                "callbacks": group,
                "count": len(group),
                "lines": 3,
                "rows": group,
            }
            for kind, group in callbacks.grouped("callback_type").items()
        ]
        return {
            "doc_ids": callbacks.ids,
            "doc_model": "fleet.aftersales.callback",
            "docs": callbacks,
            "groups": groups,
            "pages": report_data.paginate(groups),
            "problems": self._get_problems(callbacks),
            "day": day,
            "company": company,
        }

    @api.model
    def _get_problems(self, callbacks):
        """Per callback id, the problems its poor answers name: the reason written, or
        else the reason tags. Read in batch through the prefetch of ``callbacks``."""
        return {
            callback.id: "; ".join(
                answer.reason or ", ".join(answer.reason_tag_ids.mapped("name"))
                for answer in callback.answer_ids
                if answer.is_bad
            )
            for callback in callbacks
        }
