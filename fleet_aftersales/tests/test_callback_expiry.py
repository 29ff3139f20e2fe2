# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A callback expires a number of days after its *first* due date: retries and calls put
off move the due date, not the expiry; a call nobody works on expires too."""

from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, beijing

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"
#: the shops' setting: unanswered 15 days after its first due date, a call is unreachable
EXPIRY = 15


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackExpiry(DealerGroupCase):
    def satisfaction_call(self, customer, day):
        """The satisfaction call of a service of ``customer`` delivered three days before
        ``day``, made by the daily action at 01:00 on ``day``."""
        visit = self.deliver_visit(customer.vehicle_ids, day - timedelta(days=3), 17)
        self.run_action(DAILY, day, 1)
        call = self.env["fleet.aftersales.callback"].search(
            [("visit_id", "=", visit.id), ("callback_type", "=", "satisfaction")]
        )
        self.assertEqual((len(call), call.date_due), (1, day))
        return call.with_user(self.agent_a)

    def put_off(self, call, on_day, to_day):
        """On ``on_day`` the customer asks to be called on ``to_day`` at 15:00 Beijing."""
        with self.at_beijing(on_day, 10):
            call.action_reschedule(beijing(to_day, 15))

    def test_putting_off_stops_at_the_expiry(self):
        self.assertEqual(self.shop_a.aftersales_callback_expiry_days, EXPIRY)
        call = self.satisfaction_call(self.history_a[0], TODAY)
        # (the 8th day: the 10th is in the Dragon Boat Festival, when no call is placed, #17)
        self.put_off(call, TODAY, TODAY + timedelta(days=8))
        self.assertEqual(call.date_due, TODAY + timedelta(days=8))
        self.put_off(call, TODAY + timedelta(days=10), TODAY + timedelta(days=EXPIRY))
        with self.assertRaisesRegex(UserError, "expires"):
            self.put_off(call, TODAY + timedelta(days=14), TODAY + timedelta(days=EXPIRY + 1))
        self.assertEqual(call.date_due, TODAY + timedelta(days=EXPIRY))
        self.assertEqual(call.date_first_due, TODAY, "the first due date stays")

    def test_no_answer_on_the_last_day(self):
        for hour, minute, state in ((1, 0, "pending"), (23, 30, "unreachable")):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                customer = self.history_a[1 if hour == 1 else 2]
                call = self.satisfaction_call(customer, TODAY)
                self.put_off(call, TODAY, TODAY + timedelta(days=10))
                last_day = TODAY + timedelta(days=EXPIRY)
                with self.at_beijing(last_day, hour, minute):
                    call.action_no_answer()
                self.assertEqual(call.attempt_count, 1)
                # 01:00: the next attempt is at 10:00 the same day; 23:30: it would be
                # tomorrow, past the expiry
                self.assertEqual(call.state, state)
                if state == "pending":
                    self.assertEqual(call.date_due, last_day)
                    self.assertEqual(call.next_call_datetime, beijing(last_day, 10))
                else:
                    self.assertFalse(call.activity_ids)

    def test_no_answer_after_the_expiry_makes_it_unreachable(self):
        call = self.satisfaction_call(self.history_a[3], TODAY)
        self.put_off(call, TODAY, TODAY + timedelta(days=14))
        with self.at_beijing(TODAY + timedelta(days=14), 10):
            call.action_no_answer()  # again at 12:00 on day 14
        self.assertEqual(call.state, "pending")
        self.put_off(call, TODAY + timedelta(days=14), TODAY + timedelta(days=EXPIRY))
        with self.at_beijing(TODAY + timedelta(days=EXPIRY + 1), 10):
            call.action_no_answer()
        self.assertEqual(call.attempt_count, 2, "below the maximum attempts")
        self.assertEqual(call.state, "unreachable", "past the expiry of the first due date")

    def test_a_call_nobody_makes_expires(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                customer = self.history_a[4 if hour == 1 else 5]
                call = self.satisfaction_call(customer, TODAY)
                self.assertTrue(call.activity_ids)
                self.run_action(DAILY, TODAY + timedelta(days=EXPIRY), hour, minute)
                self.assertEqual(call.state, "pending", "the last day is still a day to call")
                self.run_action(DAILY, TODAY + timedelta(days=EXPIRY + 1), hour, minute)
                self.assertEqual(call.state, "unreachable")
                self.assertFalse(call.activity_ids, "out of the agent's inbox")

    def test_reset_starts_a_new_expiry(self):
        call = self.satisfaction_call(self.history_a[6], TODAY)
        later = TODAY + timedelta(days=EXPIRY + 5)
        self.run_action(DAILY, later, 1)
        self.assertEqual(call.state, "unreachable")
        with self.at_beijing(later, 9):
            call.with_user(self.manager_a).action_reset()
        self.assertEqual((call.state, call.date_due), ("pending", later))
        self.run_action(DAILY, later + timedelta(days=1), 1)
        self.assertEqual(call.state, "pending", "not expired again the next morning")
        self.assertEqual(call.date_first_due, later)
