# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # A callback's activity is done when the callback is: its answers must be recorded.
        callback_activities = self.filtered(
            lambda a: a.res_model == "fleet.aftersales.callback"
            and a.activity_type_id.aftersales_callback_type
        )
        if callback_activities and not self.env.context.get("fleet_aftersales_callback_sync"):
            raise UserError(
                self.env._(
                    "Open the callback to record the customer's answers and mark the call done there."
                )
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
