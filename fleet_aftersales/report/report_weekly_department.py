# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..models.fleet_aftersales_statistics_rhythm import week_bounds
from ..tools import report_data


class ReportWeeklyDepartment(models.AbstractModel):
    """The weekly results per department (seeds 003, 004), per company: the week of
    ``data["date_from"]``, else last week; the departments of ``data["department_ids"]``
    (a head's own), else all; and the week's satisfaction rate."""

    _name = "report.fleet_aftersales.report_weekly_department"
    _description = "Weekly Results per Department"

    @api.model
    def _get_report_values(self, docids, data=None):
        department_ids = report_data.get_records(
            self.env, "fleet.aftersales.department", data or {}, "department_ids"
        ).ids
        return report_data.per_company(
            self.env,
            docids,
            data,
            lambda company, data: self._get_company_report(company, data, department_ids),
        )

    @api.model
    def _get_company_report(self, company, data, department_ids):
        service = self.env["fleet.aftersales.statistics"].with_company(company)
        date_from, date_to = report_data.get_period(
            self.env, data, company, week_bounds, relativedelta(weeks=1)
        )
        departments = service._get_report_departments(company, department_ids)
        values = service._section_satisfaction(company, date_from, date_to)
        values.update(company=company, date_from=date_from, date_to=date_to)
        sections = [{"key": "figures", "lines": 3}]
        for row in service._get_department_report(company, date_from, date_to, departments):
            sections.append({"key": "questions", "lines": 4, "rows": row["questions"], **row})
            if row["bad_answers"]:
                sections.append({"key": "bad", "lines": 3, "rows": list(row["bad_answers"]), **row})
        values["pages"] = report_data.paginate(sections)
        return values
