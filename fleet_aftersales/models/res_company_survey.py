# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# pylint: disable=consider-merging-classes-inherited
# (one concern a file, as the loyalty tiers: the survey link)
from odoo import api, fields, models

from ..tools import validation


class ResCompany(models.Model):
    """How long a survey link sent instead of a call waits for the customer's answer."""

    _inherit = "res.company"

    aftersales_survey_expiry_days = fields.Integer(
        string="Survey Link Valid (days)",
        default=2,
        help="A survey link not answered within this many days stops working, and the "
        "call is due that day.",
    )

    @api.constrains("aftersales_survey_expiry_days")
    def _check_aftersales_survey_expiry_days(self):
        validation.check_minimum(self, {"aftersales_survey_expiry_days": 1})
