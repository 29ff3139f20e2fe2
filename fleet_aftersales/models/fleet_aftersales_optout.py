# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FleetAftersalesOptout(models.Model):
    """A customer asked not to get callbacks of a type (no marketing calls, no birthday...).

    No callback of that type is created for the customer by the opt-out's shop while it
    is active; archive it to lift it. A customer of two shops opts out in each.
    """

    _name = "fleet.aftersales.optout"
    _description = "Callback Opt-out"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    callback_type = fields.Selection(
        selection="_selection_callback_type", required=True, tracking=True
    )
    reason = fields.Text(
        string="Opt-out Reason", required=True, tracking=True, help="What the customer said."
    )
    date = fields.Date(required=True, default=lambda self: self.env.company._aftersales_today())
    user_id = fields.Many2one("res.users", string="Recorded By", default=lambda self: self.env.user)
    active = fields.Boolean(default=True, tracking=True)

    # one active opt-out per customer, type and shop; the lifted (archived) ones are kept
    # as many times as the customer changes his mind. Deferred: a concurrent duplicate is
    # refused at commit, the clear message of _check_one_active comes first.
    _sql_constraints = [
        (
            "partner_type_uniq",
            "EXCLUDE (partner_id WITH =, callback_type WITH =, company_id WITH =) "
            "WHERE (active) DEFERRABLE INITIALLY DEFERRED",
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

    @api.constrains("partner_id", "callback_type", "company_id", "active")
    def _check_one_active(self):
        active = self.filtered("active")
        if not active:
            return
        duplicates = self._read_group(
            [
                ("partner_id", "in", active.partner_id.ids),
                ("callback_type", "in", list(set(active.mapped("callback_type")))),
                ("company_id", "in", active.company_id.ids),
            ],
            ["partner_id", "callback_type", "company_id"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            partner, callback_type, company = duplicates[0]
            labels = dict(self._fields["callback_type"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "%(customer)s already opted out of %(type)s callbacks in %(company)s: "
                    "edit that opt-out, or lift it first.",
                    customer=partner.display_name,
                    type=labels.get(callback_type, callback_type),
                    company=company.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # "Recorded By" decides who may edit or lift it (record rules): only a manager
        # records one in another's name
        if not self.env.user.has_group("fleet_aftersales.fleet_aftersales_group_manager"):
            for vals in vals_list:
                vals["user_id"] = self.env.uid
        return super().create(vals_list)

    @api.model
    def _get_opted_out(self, partner_ids, callback_types, company=None):
        """{(partner_id, callback_type)} of the active opt-outs in ``company`` (default:
        the current company), in one query."""
        company = company or self.env.company
        return {
            (row["partner_id"][0], row["callback_type"])
            for row in self.search_read(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", list(partner_ids)),
                    ("callback_type", "in", list(callback_types)),
                ],
                ["partner_id", "callback_type"],
            )
        }
