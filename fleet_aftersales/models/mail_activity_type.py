# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    aftersales_callback_type = fields.Selection(
        selection="_selection_aftersales_callback_type",
        string="After-Sales Callback Type",
        index=True,
        help="The kind of callback whose activities are of this type.",
    )

    @api.model
    def _selection_aftersales_callback_type(self):
        return self.env["fleet.aftersales.callback"]._selection_callback_type()

    @api.model
    def _aftersales_by_kind(self):
        """``(types, {kind code: type})``: the module's activity types, and the first of
        each kind by sequence."""
        types = self.search([("aftersales_callback_type", "!=", False)])
        type_by_kind = {}
        for activity_type in types.sorted(lambda t: (t.sequence, t.id)):
            type_by_kind.setdefault(activity_type.aftersales_callback_type, activity_type)
        return types, type_by_kind
