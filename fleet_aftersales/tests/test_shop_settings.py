# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The after-sales manager owns the shop's after-sales settings, and nothing else of it."""

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestShopSettings(DealerGroupCase):
    def test_the_manager_writes_the_shops_after_sales_settings(self):
        shop = self.shop_a.with_user(self.manager_a)
        shop.write(
            {
                "aftersales_satisfaction_delay": 2,
                "aftersales_agent_assignment": "round_robin",
                "aftersales_agent_ids": [(6, 0, (self.agent_a | self.manager_a).ids)],
            }
        )
        self.assertEqual(self.shop_a.aftersales_satisfaction_delay, 2)
        self.assertEqual(self.shop_a.aftersales_agent_assignment, "round_robin")

    def test_the_manager_opens_the_settings_form_and_saves_it(self):
        action = self.env["res.company"].with_user(self.manager_a).action_open_aftersales_settings()
        self.assertEqual(action["res_id"], self.shop_a.id)
        company = self.env["res.company"].with_user(self.manager_a).browse(action["res_id"])
        with Form(company, view=action["views"][0][0]) as form:
            form.aftersales_callback_max_attempts = 5
        self.assertEqual(self.shop_a.aftersales_callback_max_attempts, 5)

    def test_the_manager_sets_the_loyalty_tiers_in_the_shop_settings(self):
        """The tiers' thresholds are on the shop's settings form, which a manager reaches
        (Odoo's general settings need an administrator)."""
        action = self.env["res.company"].with_user(self.manager_a).action_open_aftersales_settings()
        company = self.env["res.company"].with_user(self.manager_a).browse(action["res_id"])
        with Form(company, view=action["views"][0][0]) as form:
            form.aftersales_loyal_min_visits = 5
            form.aftersales_loyal_min_spend = 4000.0
        self.assertEqual(self.shop_a.aftersales_loyal_min_visits, 5)
        self.assertEqual(self.shop_a.aftersales_loyal_min_spend, 4000.0)

    def test_nothing_else_of_the_shop_and_nothing_of_another_shop(self):
        shop = self.shop_a.with_user(self.manager_a)
        for vals in (
            {"name": "改名"},
            {"aftersales_lost_months": 7, "email": "x@example.com"},
            {"currency_id": self.env.ref("base.USD").id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                shop.write(vals)
        with self.assertRaises(AccessError):
            self.shop_b.with_user(self.manager_a).write({"aftersales_lost_months": 7})
        self.assertEqual(self.shop_a.name, "广州天河丰田4S店")
        self.assertEqual(self.shop_b.aftersales_lost_months, 6)

    def test_other_roles_write_no_settings(self):
        for user in (self.agent_a, self.advisor_a, self.accountant_a, self.agent_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.shop_a.with_user(user).write({"aftersales_satisfaction_delay": 1})
        self.assertEqual(self.shop_a.aftersales_satisfaction_delay, 3)
