# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools import report_data


class ReportMonthlyStatistics(models.AbstractModel):
    """The monthly callback statistics (月维修回访结果统计表), per company: the figures of
    the statistics service for the month of ``data["month"]``, else for the last month
    mailed, else for this month."""

    _name = "report.fleet_aftersales.report_monthly_statistics"
    _description = "Monthly Callback Statistics"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        companies = (
            self.env["res.company"].browse(docids)
            or report_data.get_records(self.env, "res.company", data, "company_ids")
            or self.env.company
        )
        Statistics = self.env["fleet.aftersales.statistics"]
        month = report_data.get_date(self.env, data, "month")
        last_mailed = {} if month else self._get_last_mailed_months(companies)
        stats = [
            Statistics._get_statistics(
                company,
                *Statistics._month_bounds(
                    month or last_mailed.get(company) or company._aftersales_today()
                ),
            )
            for company in companies
        ]
        for values in stats:
            values["pages"] = report_data.paginate(self._get_sections(values))
        return {
            "doc_ids": companies.ids,
            "doc_model": "res.company",
            "docs": companies,
            "stats": stats,
        }

    @api.model
    def _get_sections(self, stats):
        """The tables of the printed statistics, in order, for ``report_data.paginate``
        (a department or advisor left empty is named by ``_get_satisfaction_by``, the
        weekly rows here, by the same words)."""
        unnamed = {
            "weekly_by_department": self.env._("No department"),
            "weekly_by_advisor": self.env._("No service advisor"),
        }
        sections = [{"key": "figures", "lines": 5}]
        for key, lines in (
            ("by_type", 3),
            ("satisfaction_by_type", 3),
            ("questions", 3),
            ("by_department", 3),
            ("by_advisor", 3),
            ("top_reasons", 3),
            ("top_suggestions", 3),
        ):
            sections.append({"key": key, "lines": lines, "rows": stats[key]})
        sections.append({"key": "complaints", "lines": 4})
        sections.append({"key": "lost_reasons", "lines": 3, "rows": stats["lost_reasons"]})
        sections.append({"key": "measures", "lines": 5})
        for key in ("intake_by_type", "agents", "weekly_by_department", "weekly_by_advisor"):
            rows = stats[key]
            if key in unnamed:
                rows = [dict(row, name=unnamed[key]) if row["name"] == "-" else row for row in rows]
            sections.append({"key": key, "lines": 3, "rows": rows})
        sections.append({"key": "bookings", "lines": 7})
        for key in ("bookings_by_source", "bookings_by_advisor"):
            sections.append({"key": key, "lines": 3, "rows": stats[key]})
        return sections

    @api.model
    def _get_last_mailed_months(self, companies):
        """Per company, the start of the last month whose statistics were mailed."""
        return dict(
            self.env["fleet.aftersales.statistics.mail"]._read_group(
                [("company_id", "in", companies.ids), ("kind", "=", "monthly")],
                ["company_id"],
                ["date_from:max"],
            )
        )
