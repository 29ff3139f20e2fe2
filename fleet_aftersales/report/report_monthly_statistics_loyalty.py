# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ReportMonthlyStatistics(models.AbstractModel):
    """The monthly statistics print the loyalty tiers and the car club too."""

    _inherit = "report.fleet_aftersales.report_monthly_statistics"

    @api.model
    def _get_sections(self, stats):
        return super()._get_sections(stats) + [
            {"key": "loyalty_by_tier", "lines": 4, "rows": stats["loyalty_by_tier"]},
            {"key": "loyalty_by_club", "lines": 3, "rows": stats["loyalty_by_club"]},
        ]
