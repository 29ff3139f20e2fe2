# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""State moves through the buttons and the scheduled actions only: a user's plain write
(or create) of ``state`` on a visit or a callback is refused, a manager's is not."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, beijing


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestStateMoves(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.history_a[0]
        cls.car = cls.customer.vehicle_ids
        cls.delivered = cls.env["fleet.aftersales.visit"].search(
            [("vehicle_id", "=", cls.car.id), ("state", "=", "delivered")]
        )

    def receive(self, hour=9):
        return (
            self.env["fleet.aftersales.visit"]
            .with_user(self.advisor_a)
            .create(
                {
                    "vehicle_id": self.car.id,
                    "advisor_id": self.advisor_a.id,
                    "reception_datetime": beijing(TODAY, hour),
                    "odometer": 30000,
                }
            )
        )

    def call(self, **vals):
        """A pending inbound call of shop A for its agent."""
        return self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "inbound",
                "partner_id": self.customer.id,
                "company_id": self.shop_a.id,
                "user_id": self.agent_a.id,
                "date_due": TODAY,
                **vals,
            }
        )

    def test_a_visit_moves_through_its_buttons(self):
        with self.assertRaises(AccessError):
            self.delivered.with_user(self.advisor_a).write({"state": "cancel"})
        self.assertEqual(self.delivered.state, "delivered")
        visit = self.receive().with_user(self.advisor_a)
        for state in ("delivered", "ready", "cancel"):
            with self.subTest(state=state), self.assertRaises(AccessError):
                visit.write({"state": state})
        self.assertRecordValues(visit, [{"state": "draft", "delivery_datetime": False}])
        with self.assertRaises(AccessError):
            visit.copy({"state": "delivered"})
        for user in (self.accountant_a, self.advisor_b, self.agent_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                visit.with_user(user).write({"state": "delivered"})
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                visit = self.receive(hour=0).with_user(self.advisor_a)
                visit.action_start()
                visit.action_ready()
                with self.at_beijing(TODAY, hour, minute):
                    visit.action_deliver()
                self.assertRecordValues(visit, [{"state": "delivered", "delivery_date": TODAY}])
        # the manager corrects a mistake by hand
        self.delivered.with_user(self.manager_a).write({"state": "cancel"})
        self.assertEqual(self.delivered.state, "cancel")

    def test_a_visit_is_created_as_a_draft(self):
        with self.assertRaises(AccessError):
            self.env["fleet.aftersales.visit"].with_user(self.advisor_a).create(
                {"vehicle_id": self.car.id, "state": "delivered", "odometer": 30000}
            )
        with self.assertRaises(AccessError):
            self.env["fleet.aftersales.visit"].with_user(self.advisor_a).with_context(
                default_state="delivered"
            ).create({"vehicle_id": self.car.id, "odometer": 30000})

    def test_a_callback_moves_through_its_buttons(self):
        call = self.call()
        mine = call.with_user(self.agent_a)
        for vals in ({"state": "done"}, {"state": "unreachable"}, {"date_done": TODAY}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        self.assertRecordValues(call, [{"state": "pending", "date_done": False}])
        for user in (self.advisor_a, self.accountant_a, self.manager_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                call.with_user(user).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.env["fleet.aftersales.callback"].with_user(self.agent_a).create(
                {
                    "callback_type": "inbound",
                    "partner_id": self.customer.id,
                    "date_due": TODAY,
                    "state": "done",
                }
            )
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                call = self.call().with_user(self.agent_a)
                call.write({"note": "客户只打来咨询"})
                with self.at_beijing(TODAY, hour, minute):
                    call.action_done()
                self.assertRecordValues(call, [{"state": "done", "date_done": TODAY}])
        self.call().with_user(self.manager_a).write({"state": "cancelled"})

    def test_the_buttons_key_cannot_be_sent_by_a_client(self):
        """A client sends any context with its call: no value of it moves a state."""
        call = self.call().with_user(self.agent_a)
        for value in (True, 1, "1"):
            with self.subTest(value=value), self.assertRaises(AccessError):
                call.with_context(fleet_aftersales_state_move=value).write({"state": "done"})
        self.assertEqual(call.state, "pending")
