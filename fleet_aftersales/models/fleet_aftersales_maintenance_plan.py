# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools import actions


class FleetAftersalesMaintenancePlan(models.Model):
    """A maintenance cycle (保养周期): first service and periodic service, by months and km."""

    _name = "fleet.aftersales.maintenance.plan"
    _description = "Maintenance Plan"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the plan between companies."
    )
    interval_months = fields.Integer(
        default=6,
        tracking=True,
        help="Months between two periodic services; 0 means the calendar does not count.",
    )
    interval_km = fields.Integer(
        string="Interval (km)",
        default=5000,
        tracking=True,
        help="Kilometres between two periodic services; 0 means the mileage does not count.",
    )
    first_service_months = fields.Integer(
        default=3,
        tracking=True,
        help="Months after delivery of a new car when its first service (首保) is due.",
    )
    first_service_km = fields.Integer(
        string="First Service (km)",
        default=3000,
        tracking=True,
        help="Odometer at which a new car's first service (首保) is due.",
    )
    brand_ids = fields.Many2many(
        "fleet.vehicle.model.brand",
        string="Brands",
        help="Vehicles of these brands follow this plan unless a plan names their model.",
    )
    model_ids = fields.Many2many(
        "fleet.vehicle.model",
        string="Models",
        help="Vehicles of these models follow this plan. With neither brands nor models, "
        "the plan is the default for every other vehicle.",
    )
    vehicle_ids = fields.One2many("fleet.vehicle", "maintenance_plan_id")
    vehicle_count = fields.Integer(compute="_compute_vehicle_count")
    note = fields.Html()

    _sql_constraints = [
        (
            "intervals_positive",
            "CHECK(interval_months >= 0 AND interval_km >= 0 "
            "AND first_service_months >= 0 AND first_service_km >= 0)",
            "Maintenance intervals cannot be negative.",
        ),
        (
            "interval_set",
            "CHECK(interval_months > 0 OR interval_km > 0)",
            "A maintenance plan needs an interval in months or in kilometres.",
        ),
    ]

    def _compute_vehicle_count(self):
        counts = dict(
            self.env["fleet.vehicle"]._read_group(
                [("maintenance_plan_id", "in", self.ids)], ["maintenance_plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.vehicle_count = counts.get(plan, 0)

    @api.model
    def _get_plan_for_models(self, vehicle_models):
        """Map each ``fleet.vehicle.model`` to its plan: by model, else brand, else default.

        One search for all the plans, whatever the number of models (plans are few).
        """
        plans = self.search([], order="sequence, id")
        by_model, by_brand, default = {}, {}, self.browse()
        for plan in plans:
            for model in plan.model_ids:
                by_model.setdefault(model.id, plan)
            for brand in plan.brand_ids:
                by_brand.setdefault(brand.id, plan)
            if not plan.model_ids and not plan.brand_ids and not default:
                default = plan
        return {
            model: by_model.get(model.id) or by_brand.get(model.brand_id.id) or default
            for model in vehicle_models
        }

    def action_view_vehicles(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "fleet.fleet_vehicle_action",
            [("maintenance_plan_id", "=", self.id)],
            {"default_maintenance_plan_id": self.id},
        )
