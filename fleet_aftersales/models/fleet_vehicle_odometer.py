# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class FleetVehicleOdometer(models.Model):
    _inherit = "fleet.vehicle.odometer"

    # fleet does not index it; the service schedule reads readings by vehicle.
    vehicle_id = fields.Many2one(index=True)
