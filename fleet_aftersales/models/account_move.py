# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    # account_fleet puts the vehicle on vendor bill lines; customer invoices get it here,
    # with the service visit they bill. Both stay editable once posted: linking changes
    # no accounting figure.
    aftersales_visit_id = fields.Many2one(
        "fleet.aftersales.visit",
        string="Service Visit",
        index="btree_not_null",
        copy=False,
        tracking=True,
        check_company=True,
    )
    aftersales_vehicle_id = fields.Many2one(
        "fleet.vehicle",
        string="Serviced Vehicle",
        compute="_compute_aftersales_vehicle_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )

    @api.depends("aftersales_visit_id")
    def _compute_aftersales_vehicle_id(self):
        for move in self:
            move.aftersales_vehicle_id = (
                move.aftersales_visit_id.vehicle_id or move.aftersales_vehicle_id
            )

    @api.constrains("aftersales_visit_id", "aftersales_vehicle_id", "move_type")
    def _check_aftersales_link(self):
        for move in self:
            if not (move.aftersales_visit_id or move.aftersales_vehicle_id):
                continue
            if not move.is_sale_document(include_receipts=True):
                raise ValidationError(
                    self.env._(
                        "Only customer invoices and credit notes can be linked to a service visit or vehicle."
                    )
                )
            visit = move.aftersales_visit_id
            if visit and move.aftersales_vehicle_id != visit.vehicle_id:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s: the vehicle must be the one of visit %(visit)s (%(vehicle)s).",
                        invoice=move.display_name,
                        visit=visit.name,
                        vehicle=visit.vehicle_id.display_name,
                    )
                )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # the spend of a visit counts in its customer's loyalty tier at once; sudo: whoever
        # posts may not read the after-sales visits, only their customers are recomputed
        posted.sudo().aftersales_visit_id.partner_id._aftersales_update_loyalty()
        return posted
