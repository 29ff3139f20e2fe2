# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class FleetAftersalesDepartment(models.Model):
    """A department of the dealer rated by callbacks and responsible for complaints."""

    _name = "fleet.aftersales.department"
    _description = "After-Sales Department"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share between companies.")
    manager_id = fields.Many2one(
        "res.users",
        string="Department Manager",
        help="Receives the escalations of complaints of this department.",
    )
