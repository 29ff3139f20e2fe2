# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class FleetAftersalesLostReason(models.Model):
    """Why a customer stopped coming: sold the car, moved, price, another dealer..."""

    _name = "fleet.aftersales.lost.reason"
    _description = "Lost Customer Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
