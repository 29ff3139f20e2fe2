# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Free visits during a campaign bring nobody back (#18, seed 004: 我店搞活动期间来免费维修除外).

Shop A's 免费检测周 (a campaign): the history customer last seen 8 months ago, lost, comes
for the free check-up: still lost, the win-back call still pending. The one last seen 5
months ago comes too: a month later he is lost all the same, last seen 5 months before.
A paid visit, and shop B's visits, bring their customers back as before.
"""

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import TODAY, DealerGroupCase

LOST = "fleet_aftersales.ir_cron_update_lost_customers"
DAILY = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCampaignFreeVisits(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = (
            cls.env["fleet.aftersales.campaign"]
            .with_user(cls.manager_a)
            .create({"name": "免费检测周", "date": TODAY, "company_id": cls.shop_a.id})
        )

    def customer(self, key, months):
        customers = getattr(self, f"history_{key}")
        return customers[list(self.HISTORY_MONTHS).index(months)]

    def visit(self, customer, day, **vals):
        """A visit of ``customer``'s car received and delivered by its shop's advisor."""
        return self.deliver_visit(customer.vehicle_ids, day, 15, 30000.0, **vals)

    def open_period(self, customer, shop):
        return self.env["fleet.aftersales.lost.period"].search(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", shop.id),
                ("return_date", "=", False),
            ]
        )

    def test_free_campaign_visit_does_not_bring_a_lost_customer_back(self):
        self.run_action(LOST, TODAY)
        self.run_action(DAILY, TODAY)
        lost_a, lost_b = self.customer("a", 8), self.customer("b", 8)
        call = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.manager_a)
            .search([("callback_type", "=", "lost_customer"), ("partner_id", "=", lost_a.id)])
        )
        self.assertEqual(call.state, "pending")
        visit = self.visit(lost_a, TODAY, campaign_id=self.campaign.id, is_free=True)
        self.assertTrue(visit.is_free_campaign_visit)
        self.run_action(LOST, TODAY + relativedelta(days=1))
        self.assertTrue(self.open_period(lost_a, self.shop_a), "still lost in shop A")
        self.assertTrue(lost_a.with_user(self.manager_a).is_lost_customer)
        self.assertEqual(call.state, "pending", "the win-back call is still to make")
        # shop B: a paid visit brings its customer back, as before
        self.visit(lost_b, TODAY)
        self.assertFalse(self.open_period(lost_b, self.shop_b))
        self.assertFalse(lost_b.with_user(self.manager_b).is_lost_customer)
        # in shop A too, once the customer pays for a visit
        self.visit(lost_a, TODAY + relativedelta(days=2), campaign_id=self.campaign.id)
        self.assertFalse(self.open_period(lost_a, self.shop_a))
        self.assertEqual(call.state, "cancelled")

    def test_free_campaign_visit_is_not_the_last_visit(self):
        customer = self.customer("a", 5)
        self.visit(customer, TODAY, campaign_id=self.campaign.id, is_free=True)
        later = TODAY + relativedelta(months=1, days=1)
        self.run_action(LOST, later)
        period = self.open_period(customer, self.shop_a)
        self.assertEqual(period.last_seen_date, TODAY - relativedelta(months=5))
        self.assertTrue(customer.with_user(self.manager_a).is_lost_customer)
        # shop B's customer of 5 months with a paid visit today is not lost then
        other = self.customer("b", 5)
        self.visit(other, TODAY)
        self.run_action(LOST, later)
        self.assertFalse(self.open_period(other, self.shop_b))
