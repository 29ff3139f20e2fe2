# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

REPORTS = {
    "call_register": "fleet_aftersales.action_report_callback_register",
    "letter_register": "fleet_aftersales.action_report_callback_register",
    "daily_detail": "fleet_aftersales.action_report_daily_detail",
    "monthly_statistics": "fleet_aftersales.action_report_monthly_statistics",
    "daily_customer": "fleet_aftersales.action_report_daily_customer",
    "weekly_department": "fleet_aftersales.action_report_weekly_department",
    "complaint_list": "fleet_aftersales.action_report_complaint_list",
    "quarterly_summary": "fleet_aftersales.action_report_summary",
    "yearly_summary": "fleet_aftersales.action_report_summary",
}
#: the reports of a company for the period of a day (the day, its week, month, quarter
#: or year)
COMPANY_REPORTS = (
    "monthly_statistics",
    "daily_customer",
    "weekly_department",
    "complaint_list",
    "quarterly_summary",
    "yearly_summary",
)


class FleetAftersalesReportWizard(models.TransientModel):
    """Choose the period of a register or statistics report, then print it."""

    _name = "fleet.aftersales.report.wizard"
    _description = "Print an After-Sales Report"

    report = fields.Selection(
        [
            ("call_register", "Call Register"),
            ("letter_register", "Letter Register"),
            ("daily_detail", "Daily Callback Detail"),
            ("monthly_statistics", "Monthly Callback Statistics"),
            ("daily_customer", "After-Sales Customer Daily Report"),
            ("weekly_department", "Weekly Results per Department"),
            ("complaint_list", "Complaint Resolution List"),
            ("quarterly_summary", "Quarterly Summary"),
            ("yearly_summary", "Yearly Summary"),
        ],
        required=True,
        default="monthly_statistics",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        required=True, default=lambda self: self.env.company._aftersales_today()
    )
    date_to = fields.Date(required=True, default=lambda self: self.env.company._aftersales_today())

    def action_print(self):
        self.ensure_one()
        data = {
            "company_id": self.company_id.id,
            "company_ids": self.company_id.ids,
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "month": fields.Date.to_string(self.date_from),
            "register": "letter" if self.report == "letter_register" else "call",
            "kind": "yearly" if self.report == "yearly_summary" else "quarterly",
        }
        records = self.company_id if self.report in COMPANY_REPORTS else None
        return self.env.ref(REPORTS[self.report]).report_action(records, data=data)
