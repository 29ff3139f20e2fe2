# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools import validation


class FleetAftersalesQuestion(models.Model):
    """A question of the standard callback questionnaire, rated from 1 to 5."""

    _name = "fleet.aftersales.question"
    _description = "Callback Question"
    _order = "sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    department_id = fields.Many2one(
        "fleet.aftersales.department",
        help="The department this question rates (satisfaction by department).",
    )
    activity_type_ids = fields.Many2many(
        "mail.activity.type",
        string="Callback Types",
        domain=[("aftersales_callback_type", "!=", False)],
        help="The kinds of callback that ask this question.",
    )
    is_club_only = fields.Boolean(
        string="Club Members Only", help="Asked only of car club members."
    )

    @api.constrains("name")
    def _check_name(self):
        validation.check_not_blank(self, "name")
