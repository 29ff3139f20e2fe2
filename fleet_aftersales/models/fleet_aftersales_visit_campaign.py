# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class FleetAftersalesVisit(models.Model):
    """A visit made during a campaign, free of charge (seed 004: 我店搞活动期间来免费维修除外):
    a free check-up brings nobody back. It neither ends a lost customer's absence nor
    counts as the customer's last visit for the lost-customer rule
    (``fleet.aftersales.lost.period``)."""

    # a file per concern: the campaigns' free visits, not the visit's life cycle
    _inherit = "fleet.aftersales.visit"  # pylint: disable=consider-merging-classes-inherited

    campaign_id = fields.Many2one(
        "fleet.aftersales.campaign",
        index=True,
        check_company=True,
        tracking=True,
        help="The campaign the customer came for (a free check-up week, a service month).",
    )
    is_free = fields.Boolean(
        string="Free of Charge",
        tracking=True,
        help="Nothing charged: a free check-up or repair of a campaign.",
    )
    is_free_campaign_visit = fields.Boolean(
        compute="_compute_is_free_campaign_visit",
        store=True,
        index=True,
        help="Free and in a campaign: it does not bring a lost customer back.",
    )

    @api.depends("campaign_id", "is_free")
    def _compute_is_free_campaign_visit(self):
        for visit in self:
            visit.is_free_campaign_visit = bool(visit.is_free and visit.campaign_id)
