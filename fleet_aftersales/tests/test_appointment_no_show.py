# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A booking not arrived by the end of its day is a no-show (爽约), and its customer is
called back the next call day to book again."""

from datetime import date, timedelta

from odoo.tests import Form, tagged

from .common import TODAY, beijing
from .test_appointment import THURSDAY, AppointmentCase

NO_SHOW = "fleet_aftersales.ir_cron_mark_no_shows"
DAILY = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAppointmentNoShow(AppointmentCase):
    def followups(self):
        return self.env["fleet.aftersales.callback"].search(
            [
                ("callback_type", "=", "no_show_followup"),
                # the demo dealer's own calls (made at install) are not the test's
                ("company_id", "in", (self.shop_a | self.shop_b).ids),
            ]
        )

    def test_no_show_after_the_day_ends(self):
        with self.at_beijing(TODAY, 8):
            missed = self.book(self.agent_a, self.customers[0], beijing(TODAY, 16))
            came = self.book(self.agent_a, self.customers[1], beijing(TODAY, 10))
        with self.at_beijing(TODAY, 9, 50):
            came.with_user(self.advisor_a).action_arrive()
        # 23:30 in Beijing: the day is not over
        self.run_action(NO_SHOW, TODAY, 23, 30)
        self.assertEqual(missed.state, "booked")
        self.assertFalse(self.followups())
        # 00:30 in Beijing (16:30 UTC the day before): it is
        self.run_action(NO_SHOW, THURSDAY, 0, 30)
        self.assertEqual(missed.state, "no_show")
        self.assertEqual(came.state, "arrived")
        call = self.followups()
        self.assertRecordValues(
            call,
            [
                {
                    "appointment_id": missed.id,
                    "partner_id": self.customers[0].id,
                    "channel": "phone",
                    "state": "pending",
                    "date_due": THURSDAY,
                    "user_id": self.agent_a.id,
                }
            ],
        )
        self.assertEqual(call.activity_ids.user_id, self.agent_a)
        self.assertTrue(call.is_bookable)
        # idempotent: the hourly action and the daily one make no second call
        self.run_action(NO_SHOW, THURSDAY, 1, 30)
        self.run_action(DAILY, THURSDAY, 2)
        self.assertEqual(self.followups(), call)

    def test_followup_the_next_working_day(self):
        """Thursday 18 June 2026 missed: 端午节 (19-21 June) is a holiday of the dealer's
        calendar, the call is due on Monday the 22nd."""
        thursday = date(2026, 6, 18)
        with self.at_beijing(TODAY, 8):
            missed = self.book(self.manager_a, self.customers[2], beijing(thursday, 16))
        self.run_action(NO_SHOW, thursday + timedelta(days=1), 0, 30)
        self.assertEqual(missed.state, "no_show")
        self.assertEqual(self.followups().date_due, date(2026, 6, 22))

    def test_marked_by_hand_then_called(self):
        """The manager marks a no-show on the day: the daily action calls the next day."""
        with self.at_beijing(TODAY, 8):
            missed = self.book(self.agent_a, self.customers[3], beijing(TODAY, 9))
        with self.at_beijing(TODAY, 12):
            missed.with_user(self.manager_a).action_no_show()
        self.run_action(DAILY, TODAY, 23)
        self.assertFalse(self.followups(), "not the same day")
        self.run_action(DAILY, THURSDAY, 1)
        self.assertEqual(self.followups().appointment_id, missed)

    def test_booked_again_from_the_followup(self):
        with self.at_beijing(TODAY, 8):
            missed = self.book(self.agent_a, self.customers[0], beijing(TODAY, 16))
        self.run_action(NO_SHOW, THURSDAY, 0, 30)
        call = self.followups().with_user(self.agent_a)
        with self.at_beijing(THURSDAY, 9):
            action = call.action_book()
            Appointment = self.env["fleet.aftersales.appointment"].with_user(self.agent_a)
            again = Form(Appointment.with_context(**action["context"])).save()
        self.assertRecordValues(
            again,
            [
                {
                    "partner_id": self.customers[0].id,
                    "source": "reminder_call",
                    "callback_id": call.id,
                    "state": "booked",
                }
            ],
        )
        self.assertRecordValues(call, [{"state": "done", "outcome": "booked"}])
        self.assertEqual(missed.state, "no_show")
