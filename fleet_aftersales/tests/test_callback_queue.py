# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The shop's shared queue: any agent takes an unassigned call, hands it to a colleague."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase

AGENT = "fleet_aftersales.fleet_aftersales_group_agent"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackQueue(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a2 = cls.make_second_agent_a()
        # the advisor of shop A also takes calls: never those of the cars they received
        cls.advisor_a.groups_id = [(4, cls.env.ref(AGENT).id)]
        customer = cls.history_a[0]
        cls.call = cls.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "satisfaction",
                "partner_id": customer.id,
                "vehicle_id": customer.vehicle_ids.id,
                "visit_id": customer.visit_ids.id,
                "company_id": cls.shop_a.id,
                "date_due": TODAY,
            }
        )
        cls.call.user_id = False

    def activity_users(self, call):
        return (
            self.env["mail.activity"]
            .search([("res_model", "=", call._name), ("res_id", "=", call.id)])
            .user_id
        )

    def test_an_agent_reads_an_unassigned_call_and_its_answers(self):
        for user in (self.agent_a, self.agent_a2):
            call = self.call.with_user(user)
            self.assertTrue(call.answer_ids, "the questionnaire is there")
            self.assertTrue(call.answer_ids.mapped("question_id.name"))
        with self.assertRaises(AccessError):
            self.call.with_user(self.agent_b).answer_ids.mapped("rating")

    def test_any_agent_of_the_shop_takes_an_unassigned_call(self):
        with self.at_beijing(TODAY, 1):
            self.call.with_user(self.agent_a2).action_take()
        self.assertEqual(self.call.user_id, self.agent_a2)
        self.assertEqual(self.activity_users(self.call), self.agent_a2, "in the taker's inbox")
        # now the taker's: answers recorded as usual
        self.call.with_user(self.agent_a2).answer_ids[:1].rating = "5"
        with self.assertRaises(UserError):
            self.call.with_user(self.agent_a).action_take()  # taken already

    def test_the_advisor_never_takes_a_call_of_a_car_they_received(self):
        with self.assertRaises(UserError):
            self.call.with_user(self.advisor_a).action_take()
        self.assertFalse(self.call.user_id)

    def test_an_agent_of_another_shop_or_a_non_agent_takes_nothing(self):
        with self.assertRaises(AccessError):
            self.call.with_user(self.agent_b).action_take()
        with self.assertRaises(UserError):  # AccessError or not an agent
            self.call.with_user(self.accountant_a).action_take()
        self.assertFalse(self.call.user_id)

    def test_the_assigned_agent_hands_the_call_over_to_a_colleague(self):
        self.call.user_id = self.agent_a
        with self.at_beijing(TODAY, 23, 30):
            self.call.with_user(self.agent_a).write({"user_id": self.agent_a2.id})
        self.assertEqual(self.call.user_id, self.agent_a2)
        self.assertEqual(self.activity_users(self.call), self.agent_a2)

    def test_a_hand_over_goes_to_an_agent_of_the_shop_who_is_not_the_advisor(self):
        self.call.user_id = self.agent_a
        for user in (self.advisor_a, self.agent_b, self.accountant_a):
            with self.subTest(to=user.login), self.assertRaises(ValidationError):
                self.call.with_user(self.agent_a).write({"user_id": user.id})
        self.assertEqual(self.call.user_id, self.agent_a)

    def test_nobody_else_hands_over_a_call_but_a_manager(self):
        self.call.user_id = self.agent_a
        with self.assertRaises(AccessError):
            self.call.with_user(self.agent_a2).write({"user_id": self.agent_a2.id})
        self.call.with_user(self.manager_a).write({"user_id": self.agent_a2.id})
        self.assertEqual(self.activity_users(self.call), self.agent_a2)
