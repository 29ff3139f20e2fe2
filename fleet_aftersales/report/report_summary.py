# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..models.fleet_aftersales_statistics_rhythm import PERIODS
from ..tools import report_data


class ReportSummary(models.AbstractModel):
    """The quarterly or yearly summary (季度总结, 年末总结; seeds 004, 000), per company:
    ``data["kind"]`` ("quarterly" or "yearly") of ``data["date_from"]``, else the last
    one ended."""

    _name = "report.fleet_aftersales.report_summary"
    _description = "After-Sales Summary"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_data.per_company(self.env, docids, data, self._get_company_report)

    @api.model
    def _get_company_report(self, company, data):
        kind = data.get("kind") if data.get("kind") in ("quarterly", "yearly") else "quarterly"
        bounds, length, _delay = PERIODS[kind]
        date_from, date_to = report_data.get_period(self.env, data, company, bounds, length)
        Statistics = self.env["fleet.aftersales.statistics"].with_company(company)
        values = Statistics._get_summary(company, date_from, date_to)
        values.update(company=company, kind=kind)
        values["pages"] = report_data.paginate(
            [
                {"key": "figures", "lines": 7},
                {"key": "months", "lines": 3, "rows": values["months"]},
                {"key": "top_reasons", "lines": 3, "rows": values["top_reasons"]},
            ]
        )
        return values
