# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..tools import report_data


class ReportComplaintList(models.AbstractModel):
    """The complaint resolution list (客户投诉问题解决情况表, seed 004), per company: the
    month of ``data["month"]`` (or ``date_from``), else last month."""

    _name = "report.fleet_aftersales.report_complaint_list"
    _description = "Complaint Resolution List"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_data.per_company(self.env, docids, data, self._get_company_report)

    @api.model
    def _get_company_report(self, company, data):
        Statistics = self.env["fleet.aftersales.statistics"].with_company(company)
        month = report_data.get_date(self.env, data, "month")
        date_from, date_to = Statistics._month_bounds(
            month or company._aftersales_today() - relativedelta(months=1)
        )
        rows = [
            dict(
                row,
                description=report_data.one_line(row["complaint"].description, 24),
                resolution=report_data.one_line(row["complaint"].resolution, 24),
                reaction=report_data.one_line(row["reaction"], 24),
            )
            for row in Statistics._get_complaint_list(company, date_from, date_to)
        ]
        return {
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
            "count": len(rows),
            "late": sum(row["is_late"] for row in rows),
            "pages": report_data.paginate([{"key": "list", "lines": 4, "rows": rows}]),
        }
