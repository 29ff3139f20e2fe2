# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

# the figures of this month the dashboard shows, read from the statistics service
STATISTICS_FIELDS = ("callback_rate", "warranty_callback_rate", "satisfaction_rate", "lost_rate")


class FleetAftersalesDashboard(models.TransientModel):
    """The manager's overview: today's workload, overdue calls, complaints, and this
    month's rates against the targets. A form of computed figures, each opening its list."""

    _name = "fleet.aftersales.dashboard"
    _description = "After-Sales Dashboard"

    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    calls_today = fields.Integer(compute="_compute_figures", string="Calls Due Today")
    calls_overdue = fields.Integer(compute="_compute_figures", string="Overdue Calls")
    complaints_open = fields.Integer(compute="_compute_figures", string="Open Complaints")
    complaints_escalated = fields.Integer(compute="_compute_figures", string="Escalated Complaints")
    callback_rate = fields.Float(compute="_compute_figures", string="Callback Rate (%)")
    warranty_callback_rate = fields.Float(
        compute="_compute_figures", string="Callback Rate, Cars in Warranty (%)"
    )
    target_callback_rate = fields.Float(related="company_id.aftersales_target_callback_rate")
    satisfaction_rate = fields.Float(
        compute="_compute_figures",
        string="Satisfaction Rate (%)",
        help="Satisfaction calls of this month whose every answer is Good or Very Good; "
        "campaign and lost-customer answers are not counted.",
    )
    target_satisfaction_rate = fields.Float(
        related="company_id.aftersales_target_satisfaction_rate"
    )
    lost_rate = fields.Float(compute="_compute_figures", string="Lost-Customer Rate (%)")

    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._("After-Sales Dashboard")

    @api.depends("company_id")
    def _compute_figures(self):
        Statistics = self.env["fleet.aftersales.statistics"]
        for dashboard in self:
            company = dashboard.company_id or self.env.company
            today = company._aftersales_today()
            stats = Statistics._get_statistics(company, *Statistics._month_bounds(today))
            dashboard.update(Statistics._get_workload(company, today))
            dashboard.update({field: stats[field] for field in STATISTICS_FIELDS})

    @api.model
    def action_open(self):
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("After-Sales Dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "target": "current",
        }
