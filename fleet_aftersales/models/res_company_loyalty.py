# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# pylint: disable=consider-merging-classes-inherited
# (one concern a file, as the statistics sections: the loyalty tiers)
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import loyalty

HELP_VISITS = "Delivered visits in the last 24 months a customer needs for this tier."
HELP_SPEND = "Invoiced amount of those visits a customer needs for this tier (0: any)."


class ResCompany(models.Model):
    """The thresholds of the loyalty tiers (忠实客户), per shop."""

    _inherit = "res.company"

    _LOYALTY_FIELDS = frozenset(
        fname for tier in loyalty.TIERS[1:] for fname in loyalty.threshold_fields(tier)
    )

    aftersales_regular_min_visits = fields.Integer(
        string="Regular: Visits", default=2, help=HELP_VISITS
    )
    aftersales_regular_min_spend = fields.Float(
        string="Regular: Spend", default=0.0, help=HELP_SPEND
    )
    aftersales_loyal_min_visits = fields.Integer(
        string="Loyal: Visits", default=4, help=HELP_VISITS
    )
    aftersales_loyal_min_spend = fields.Float(
        string="Loyal: Spend", default=3000.0, help=HELP_SPEND
    )
    aftersales_vip_min_visits = fields.Integer(string="VIP: Visits", default=8, help=HELP_VISITS)
    aftersales_vip_min_spend = fields.Float(string="VIP: Spend", default=10000.0, help=HELP_SPEND)

    def write(self, vals):
        res = super().write(vals)
        if self._LOYALTY_FIELDS & set(vals):
            # new thresholds: the shop's customers get their tier again on the next run;
            # sudo: the after-sales manager may not write every contact, only the marker
            # of the shop's customers is cleared, in one query
            self.env["res.partner"].sudo().with_context(active_test=False).search(
                ["|", ("company_id", "in", self.ids), ("company_id", "=", False)]
            ).write({"aftersales_loyalty_date": False})
        return res

    @api.constrains(*_LOYALTY_FIELDS)
    def _check_aftersales_loyalty_thresholds(self):
        for company in self:
            if not loyalty.thresholds_ascend(loyalty.get_thresholds(company)):
                raise ValidationError(
                    self.env._(
                        "%(company)s: each loyalty tier needs at least one visit, no negative "
                        "spend, and at least the visits and spend of the tier below it.",
                        company=company.name,
                    )
                )
