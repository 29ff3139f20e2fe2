# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .fleet_aftersales_callback import CALLBACK_TYPES


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    aftersales_callback_type = fields.Selection(
        CALLBACK_TYPES,
        string="After-Sales Callback Type",
        index=True,
        help="The kind of callback whose activities are of this type.",
    )
