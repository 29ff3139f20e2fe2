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
