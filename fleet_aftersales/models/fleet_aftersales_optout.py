# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class FleetAftersalesOptout(models.Model):
    """A customer asked not to get callbacks of a type (no marketing calls, no birthday...).

    No callback of that type is created for the customer while the opt-out is active;
    archive it to lift it.
    """

    _name = "fleet.aftersales.optout"
    _description = "Callback Opt-out"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    callback_type = fields.Selection(
        selection="_selection_callback_type", required=True, tracking=True
    )
    reason = fields.Text(required=True, tracking=True, help="What the customer said.")
    date = fields.Date(required=True, default=lambda self: self.env.company._aftersales_today())
    user_id = fields.Many2one("res.users", string="Recorded By", default=lambda self: self.env.user)
    active = fields.Boolean(default=True, tracking=True)

    _sql_constraints = [
        (
            "partner_type_uniq",
            "unique (partner_id, callback_type, active)",
            "The customer already opted out of this kind of callback.",
        )
    ]

    @api.model
    def _selection_callback_type(self):
        return self.env["fleet.aftersales.callback"]._selection_callback_type()

    @api.depends("partner_id", "callback_type")
    def _compute_display_name(self):
        labels = dict(self._fields["callback_type"]._description_selection(self.env))
        for optout in self:
            optout.display_name = (
                f"{optout.partner_id.name or ''}: {labels.get(optout.callback_type, '')}"
            )

    @api.model
    def _get_opted_out(self, partner_ids, callback_types):
        """{(partner_id, callback_type)} of the active opt-outs, in one query."""
        return {
            (row["partner_id"][0], row["callback_type"])
            for row in self.search_read(
                [
                    ("partner_id", "in", list(partner_ids)),
                    ("callback_type", "in", list(callback_types)),
                ],
                ["partner_id", "callback_type"],
            )
        }
