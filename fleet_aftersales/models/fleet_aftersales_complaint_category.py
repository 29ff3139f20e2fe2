# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class FleetAftersalesComplaintCategory(models.Model):
    """What a complaint is about: service attitude, repair quality, delivery time..."""

    _name = "fleet.aftersales.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
