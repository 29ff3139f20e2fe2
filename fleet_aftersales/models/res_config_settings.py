# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_satisfaction_delay = fields.Integer(
        related="company_id.aftersales_satisfaction_delay", readonly=False
    )
    aftersales_second_followup_delay = fields.Integer(
        related="company_id.aftersales_second_followup_delay", readonly=False
    )
    aftersales_new_car_delay = fields.Integer(
        related="company_id.aftersales_new_car_delay", readonly=False
    )
    aftersales_callback_max_attempts = fields.Integer(
        related="company_id.aftersales_callback_max_attempts", readonly=False
    )
    aftersales_callback_expiry_days = fields.Integer(
        related="company_id.aftersales_callback_expiry_days", readonly=False
    )
    aftersales_call_interval_days = fields.Integer(
        related="company_id.aftersales_call_interval_days", readonly=False
    )
    aftersales_survey_expiry_days = fields.Integer(
        related="company_id.aftersales_survey_expiry_days", readonly=False
    )
    aftersales_agent_ids = fields.Many2many(
        related="company_id.aftersales_agent_ids", readonly=False
    )
    aftersales_agent_assignment = fields.Selection(
        related="company_id.aftersales_agent_assignment", readonly=False
    )
    aftersales_complaint_escalation_days = fields.Integer(
        related="company_id.aftersales_complaint_escalation_days", readonly=False
    )
    aftersales_manager_id = fields.Many2one(
        related="company_id.aftersales_manager_id", readonly=False
    )
    aftersales_maintenance_lead_days = fields.Integer(
        related="company_id.aftersales_maintenance_lead_days", readonly=False
    )
    aftersales_insurance_lead_days = fields.Integer(
        related="company_id.aftersales_insurance_lead_days", readonly=False
    )
    aftersales_lost_months = fields.Integer(
        related="company_id.aftersales_lost_months", readonly=False
    )
    aftersales_lost_max_months = fields.Integer(
        related="company_id.aftersales_lost_max_months", readonly=False
    )
    aftersales_target_callback_rate = fields.Float(
        related="company_id.aftersales_target_callback_rate", readonly=False
    )
    aftersales_target_satisfaction_rate = fields.Float(
        related="company_id.aftersales_target_satisfaction_rate", readonly=False
    )
    aftersales_target_insurance_renewal_rate = fields.Float(
        related="company_id.aftersales_target_insurance_renewal_rate", readonly=False
    )
    aftersales_regular_min_visits = fields.Integer(
        related="company_id.aftersales_regular_min_visits", readonly=False
    )
    aftersales_regular_min_spend = fields.Float(
        related="company_id.aftersales_regular_min_spend", readonly=False
    )
    aftersales_loyal_min_visits = fields.Integer(
        related="company_id.aftersales_loyal_min_visits", readonly=False
    )
    aftersales_loyal_min_spend = fields.Float(
        related="company_id.aftersales_loyal_min_spend", readonly=False
    )
    aftersales_vip_min_visits = fields.Integer(
        related="company_id.aftersales_vip_min_visits", readonly=False
    )
    aftersales_vip_min_spend = fields.Float(
        related="company_id.aftersales_vip_min_spend", readonly=False
    )
