# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..models.fleet_aftersales_statistics_rhythm import PERIODS
from ..tools import report_data


class ReportDailyCustomer(models.AbstractModel):
    """The daily after-sales customer report (售后维修客户日报表, seed 002) of a day,
    per company: the day of ``data["date_from"]``, else yesterday (the company's)."""

    _name = "report.fleet_aftersales.report_daily_customer"
    _description = "Daily After-Sales Customer Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_data.per_company(self.env, docids, data, self._get_company_report)

    @api.model
    def _get_company_report(self, company, data):
        day, _day = report_data.get_period(
            self.env, data, company, PERIODS["daily"][0], relativedelta(days=1)
        )
        Statistics = self.env["fleet.aftersales.statistics"].with_company(company)
        values = Statistics._get_daily_report(company, day)
        values.update(company=company, day=day)
        values["pages"] = report_data.paginate(
            [{"key": "figures", "lines": 4}]
            + [
                {"key": key, "lines": 3, "rows": list(values[key])}
                for key in ("dissatisfied", "call_again", "unreachable", "satisfied")
            ]
        )
        return values
