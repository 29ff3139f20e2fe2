# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDashboardTour(HttpCase, DealerGroupCase):
    def test_manager_opens_the_overdue_calls_from_the_dashboard(self):
        """Shop A's manager (zh_CN) opens the dashboard and clicks the overdue calls into
        their list: shop A's one, not shop B's."""
        for key, shop in (("a", self.shop_a), ("b", self.shop_b)):
            agent = getattr(self, f"agent_{key}")
            self.env["fleet.aftersales.callback"].with_user(agent).create(
                {
                    "callback_type": "satisfaction",
                    "partner_id": getattr(self, f"history_{key}")[0].id,
                    "date_due": shop._aftersales_today() - timedelta(days=3),
                    "user_id": agent.id,
                }
            )
        self.start_tour(
            "/odoo/action-fleet_aftersales.fleet_aftersales_dashboard_action",
            "fleet_aftersales_dashboard_tour",
            login="fa_manager_a",
        )
