# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

REPORTS = {
    "call_register": "fleet_aftersales.action_report_callback_register",
    "letter_register": "fleet_aftersales.action_report_callback_register",
    "daily_detail": "fleet_aftersales.action_report_daily_detail",
    "monthly_statistics": "fleet_aftersales.action_report_monthly_statistics",
}


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
        }
        records = self.company_id if self.report == "monthly_statistics" else None
        return self.env.ref(REPORTS[self.report]).report_action(records, data=data)
