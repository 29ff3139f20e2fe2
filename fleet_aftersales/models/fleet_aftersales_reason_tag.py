# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class FleetAftersalesReasonTag(models.Model):
    """Why a customer is dissatisfied, counted by the statistics (top-5 reasons)."""

    _name = "fleet.aftersales.reason.tag"
    _description = "Dissatisfaction Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "unique (name)", "This reason already exists.")]
