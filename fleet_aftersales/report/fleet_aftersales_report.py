# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


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
            docs = Callback.search(
                [
                    ("company_id", "=", data.get("company_id") or self.env.company.id),
                    ("date_due", ">=", data["date_from"]),
                    ("date_due", "<=", data["date_to"]),
                    ("state", "!=", "cancelled"),
                    ("channel", "=" if letters else "!=", "letter"),
                ],
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
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "company": self.env["res.company"].browse(data.get("company_id")) or self.env.company,
        }


class ReportDailyDetail(models.AbstractModel):
    """The daily callback detail (每日回访明细统计表): a day's callbacks, per type."""

    _name = "report.fleet_aftersales.report_daily_detail"
    _description = "Daily Callback Detail"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        day = fields.Date.to_date(data.get("date_from")) or fields.Date.context_today(self)
        company = self.env["res.company"].browse(data.get("company_id")) or self.env.company
        callbacks = self.env["fleet.aftersales.callback"].search(
            [("company_id", "=", company.id), ("date_due", "=", day), ("state", "!=", "cancelled")],
            order="callback_type, id",
        )
        labels = dict(callbacks._fields["callback_type"]._description_selection(self.env))
        groups = [
            {"label": labels[kind], "callbacks": group}
            for kind, group in callbacks.grouped("callback_type").items()
        ]
        return {
            "doc_ids": callbacks.ids,
            "doc_model": "fleet.aftersales.callback",
            "docs": callbacks,
            "groups": groups,
            "day": day,
            "company": company,
        }


class ReportMonthlyStatistics(models.AbstractModel):
    """The monthly callback statistics (月维修回访结果统计表), per company."""

    _name = "report.fleet_aftersales.report_monthly_statistics"
    _description = "Monthly Callback Statistics"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        companies = self.env["res.company"].browse(
            docids or data.get("company_ids") or self.env.company.ids
        )
        Statistics = self.env["fleet.aftersales.statistics"]
        stats = []
        for company in companies:
            month = fields.Date.to_date(data.get("month")) or company.aftersales_stats_sent_month
            month = month or fields.Date.context_today(self)
            date_from, date_to = Statistics._month_bounds(month)
            stats.append(Statistics._get_statistics(company, date_from, date_to))
        return {
            "doc_ids": companies.ids,
            "doc_model": "res.company",
            "docs": companies,
            "stats": stats,
        }
