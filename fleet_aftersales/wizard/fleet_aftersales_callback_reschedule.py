# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class FleetAftersalesCallbackReschedule(models.TransientModel):
    """The customer is busy: note the time they name to be called again."""

    _name = "fleet.aftersales.callback.reschedule"
    _description = "Call Again Later"

    callback_id = fields.Many2one("fleet.aftersales.callback", required=True, ondelete="cascade")
    call_datetime = fields.Datetime(string="Call Again At", required=True)

    def action_confirm(self):
        self.callback_id.action_reschedule(self.call_datetime)
        return {"type": "ir.actions.act_window_close"}
