# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each 4S shop keeps its own opt-outs, departments and archive checks."""

from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, beijing

ARCHIVE = "fleet_aftersales.ir_cron_archive_completeness"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestShopRules(DealerGroupCase):
    def opt_out(self, agent, customer, kind="birthday"):
        return (
            self.env["fleet.aftersales.optout"]
            .with_user(agent)
            .create({"partner_id": customer.id, "callback_type": kind, "reason": "不需要"})
        )

    def test_an_agent_cannot_read_or_lift_another_shops_opt_outs(self):
        optout = self.opt_out(self.agent_b, self.history_b[0])
        self.assertEqual(optout.company_id, self.shop_b)
        Optout = self.env["fleet.aftersales.optout"].with_user(self.agent_a)
        self.assertFalse(Optout.with_context(active_test=False).search([]) & optout)
        with self.assertRaises(AccessError):
            optout.with_user(self.agent_a).read(["reason"])
        with self.assertRaises(AccessError):
            optout.with_user(self.agent_a).action_archive()
        self.assertTrue(optout.active)
        self.assertEqual(Optout.with_user(self.agent_b).search([]), optout)

    def test_lifting_two_opt_outs_of_the_same_type(self):
        customer = self.history_a[0]
        first = self.opt_out(self.agent_a, customer)
        first.action_archive()
        second = self.opt_out(self.agent_a, customer)
        second.action_archive()
        self.assertFalse((first | second).filtered("active"), "both lifted")
        third = self.opt_out(self.agent_a, customer)
        with self.assertRaisesRegex(ValidationError, "already opted out"):
            self.opt_out(self.agent_a, customer)
        with self.assertRaisesRegex(ValidationError, "already opted out"):
            first.action_unarchive()
        self.assertTrue(third.active)

    def test_an_opt_out_holds_in_its_shop_only(self):
        customer = self.make_two_shop_customer(months_a=8, months_b=8)
        self.opt_out(self.agent_b, customer, "lost_customer")
        self.run_action("fleet_aftersales.ir_cron_update_lost_customers", TODAY, 1)
        self.run_action("fleet_aftersales.ir_cron_generate_callbacks", TODAY, 1)
        calls = self.env["fleet.aftersales.callback"].search(
            [("callback_type", "=", "lost_customer"), ("partner_id", "=", customer.id)]
        )
        self.assertEqual(calls.company_id, self.shop_a, "opted out in shop B only")

    def test_departments_of_another_shop_are_hidden(self):
        Department = self.env["fleet.aftersales.department"]
        own = Department.create({"name": "A店钣喷", "company_id": self.shop_a.id})
        other = Department.create({"name": "B店钣喷", "company_id": self.shop_b.id})
        shared = Department.create({"name": "集团大客户部", "company_id": False})
        seen = Department.with_user(self.agent_a).search([])
        self.assertIn(own, seen)
        self.assertIn(shared, seen)
        self.assertNotIn(other, seen)
        with self.assertRaises(AccessError):
            other.with_user(self.agent_a).read(["name"])

    def test_archive_asked_on_the_second_day_of_the_shop(self):
        walk_in = self.env["res.partner"].create({"name": "散客", "company_id": self.shop_a.id})
        car = self.env["fleet.vehicle"].create(
            {"model_id": self.car_model.id, "owner_id": walk_in.id, "company_id": self.shop_a.id}
        )
        received = TODAY - timedelta(days=2)
        self.env["fleet.aftersales.visit"].with_user(self.advisor_a).create(
            {
                "vehicle_id": car.id,
                "advisor_id": self.advisor_a.id,
                "reception_datetime": beijing(received, 16),
            }
        )
        activity_type = self.env.ref("fleet_aftersales.mail_act_archive_completion")

        def asked():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", walk_in.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        self.run_action(ARCHIVE, TODAY - timedelta(days=1), 23, 30)
        self.assertFalse(asked(), "the day after the visit: not yet")
        self.run_action(ARCHIVE, TODAY, 1)
        self.assertEqual(asked().user_id, self.advisor_a, "asked on the shop's second day")
