# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The advisor who received the car never calls the customer back: the rule holds when a
call falls back to another channel (it keeps its visit) and when the advisor changes."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAdvisorRule(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a second advisor of shop A, who also makes calls when the call centre is busy
        cls.advisor_agent_a = cls.make_shop_user(
            cls.shop_a,
            "fa_advisor_agent_a",
            "广州天河服务顾问兼客服",
            "fleet_aftersales.fleet_aftersales_group_advisor,"
            "fleet_aftersales.fleet_aftersales_group_agent",
        )

    def satisfaction_call(self, customer, day):
        """The satisfaction call of a service received by ``advisor_a``, made by the daily
        action at 01:00 on ``day``, three days after the delivery."""
        visit = self.deliver_visit(customer.vehicle_ids, day - timedelta(days=3), 17)
        self.run_action(DAILY, day, 1)
        call = self.env["fleet.aftersales.callback"].search([("visit_id", "=", visit.id)])
        self.assertEqual((call.callback_type, call.user_id), ("satisfaction", self.agent_a))
        return visit, call.with_user(self.agent_a)

    def no_answer(self, call, day, hour, minute):
        for attempt in range(self.shop_a.aftersales_callback_max_attempts):
            with self.at_beijing(day + timedelta(days=attempt), hour, minute):
                call.action_no_answer()
        self.assertEqual(call.state, "unreachable")

    def test_a_satisfaction_call_by_sms_keeps_its_visit(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                customer = self.history_a[0 if hour == 1 else 1]
                customer.with_user(self.agent_a).preferred_channel = "sms"
                visit, call = self.satisfaction_call(customer, TODAY)
                self.no_answer(call, TODAY, hour, minute)
                follow_up = self.env["fleet.aftersales.callback"].search(
                    [("parent_id", "=", call.id)]
                )
                self.assertEqual(follow_up.channel, "sms")
                self.assertEqual(follow_up.callback_type, "satisfaction")
                self.assertEqual(follow_up.visit_id, visit, "the visit stays")
                self.assertEqual(follow_up.advisor_id, self.advisor_a, "counted for the advisor")
                self.assertEqual(follow_up.user_id, self.agent_a)
                # and the advisor is still kept off it
                with self.assertRaises(ValidationError):
                    follow_up.with_user(self.manager_a).user_id = self.advisor_a

    def test_a_new_car_call_by_sms_keeps_its_car(self):
        customer = self.history_a[2]
        customer.with_user(self.agent_a).preferred_channel = "sms"
        vehicle = customer.vehicle_ids
        vehicle.with_user(self.manager_a).delivery_date = TODAY - timedelta(days=7)
        self.run_action(DAILY, TODAY, 23, 30)
        call = self.env["fleet.aftersales.callback"].search(
            [("callback_type", "=", "new_car"), ("vehicle_id", "=", vehicle.id)]
        )
        self.assertEqual(len(call), 1)
        self.no_answer(call.with_user(self.agent_a), TODAY, 10, 0)
        follow_up = self.env["fleet.aftersales.callback"].search([("parent_id", "=", call.id)])
        self.assertEqual((follow_up.channel, follow_up.vehicle_id), ("sms", vehicle))

    def test_changing_the_advisor_checks_the_calls(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                customer = self.history_a[3 if hour == 1 else 4]
                visit, call = self.satisfaction_call(customer, TODAY)
                call.with_user(self.manager_a).user_id = self.advisor_agent_a
                with (
                    self.at_beijing(TODAY, hour, minute),
                    self.assertRaisesRegex(ValidationError, "cannot call the customer back"),
                ):
                    # the car was in fact received by the agent of its call
                    visit.with_user(self.manager_a).advisor_id = self.advisor_agent_a
                # another advisor: nothing to say
                with self.at_beijing(TODAY, hour, minute):
                    visit.with_user(self.manager_a).advisor_id = self.manager_a
                self.assertEqual(call.advisor_id, self.manager_a)
