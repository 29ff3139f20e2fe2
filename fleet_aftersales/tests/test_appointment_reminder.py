# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The booking reminder the day before (预约提醒), in the customer's preferred channel,
and what the reminder call or the customer's reply does with the booking."""

from datetime import timedelta

from odoo.tests import tagged

from .common import TODAY, beijing
from .test_appointment import THURSDAY, AppointmentCase

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"
FRIDAY = THURSDAY + timedelta(days=1)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAppointmentReminder(AppointmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_phone, cls.by_email, cls.later, cls.today_customer = cls.customers
        cls.by_phone.preferred_channel = "phone"
        cls.by_email.write({"preferred_channel": "email", "email": "kehu@example.com"})

    def reminders(self, customer=None):
        domain = [
            ("callback_type", "=", "appointment_reminder"),
            # the demo dealer's own calls (made at install) are not the test's
            ("company_id", "in", (self.shop_a | self.shop_b).ids),
        ]
        if customer:
            domain.append(("partner_id", "=", customer.id))
        return self.env["fleet.aftersales.callback"].search(domain)

    def book_week(self):
        """Booked the day before by the agent: 08:30 Beijing tomorrow (00:30 UTC, the
        first slot), 16:00 tomorrow, the day after tomorrow, and today."""
        with self.at_beijing(TODAY - timedelta(days=1), 10):
            return (
                self.book(self.agent_a, self.by_phone, beijing(THURSDAY, 8, 30)),
                self.book(self.agent_a, self.by_email, beijing(THURSDAY, 16)),
                self.book(self.agent_a, self.later, beijing(FRIDAY, 9)),
                self.book(self.agent_a, self.today_customer, beijing(TODAY, 16)),
            )

    def test_reminded_the_day_before_in_the_shop_time_zone(self):
        # 01:00 Beijing is still the day before in UTC: tomorrow is Thursday all the same
        early, afternoon, __, __ = self.book_week()
        self.run_action(DAILY, TODAY, 1)
        self.assertEqual(self.reminders().appointment_id, early | afternoon)
        call = self.reminders(self.by_phone)
        self.assertRecordValues(
            call,
            [
                {
                    "appointment_id": early.id,
                    "channel": "phone",
                    "state": "pending",
                    "user_id": self.agent_a.id,
                    "date_due": TODAY,
                    "reminder_date": THURSDAY,
                }
            ],
        )
        self.assertIn("08:30", call.note, "the time in Beijing, not 00:30 UTC")
        self.assertEqual(call.activity_ids.user_id, self.agent_a)
        self.assertEqual(
            call.activity_ids.activity_type_id,
            self.env.ref("fleet_aftersales.mail_act_callback_appointment_reminder"),
        )
        self.assertEqual(early.with_user(self.advisor_a).call_count, 1)
        # the e-mail customer got the template, with the time in Beijing, advisor and shop
        mail = self.reminders(self.by_email)
        self.assertEqual((mail.state, mail.channel), ("done", "email"))
        body = mail.sent_message_id.body
        for text in ("16:00", self.advisor_a.name, self.shop_a.name):
            self.assertIn(text, body)
        self.assertEqual(mail.sent_message_id.partner_ids, self.by_email)
        # idempotent; late in the evening it is still Wednesday in Beijing
        self.run_action(DAILY, TODAY, 23, 30)
        self.assertEqual(len(self.reminders()), 2)

    def test_midnight_in_beijing_is_the_boundary(self):
        early, __, friday, __ = self.book_week()
        # 23:30 on Tuesday: tomorrow is Wednesday, not Thursday
        self.run_action(DAILY, TODAY - timedelta(days=1), 23, 30)
        self.assertFalse(self.reminders().appointment_id & (early | friday))
        # 00:30 on Wednesday (16:30 UTC on Tuesday): Thursday's 08:30 is reminded
        self.run_action(DAILY, TODAY, 0, 30)
        self.assertIn(early, self.reminders().appointment_id)
        self.assertNotIn(friday, self.reminders().appointment_id)

    def test_never_the_booking_advisor(self):
        """An advisor who also makes calls does not remind the customers he will receive."""
        both = self.make_shop_user(
            self.shop_a,
            "fa_advisor_agent_a",
            "天河顾问兼客服",
            "fleet_aftersales.fleet_aftersales_group_advisor,"
            "fleet_aftersales.fleet_aftersales_group_agent",
        )
        # the shop's only callback agent: the reminder of his own booking goes to the
        # shop's queue instead, for another agent to take
        self.shop_a.aftersales_agent_ids = both
        with self.at_beijing(TODAY - timedelta(days=1), 10):
            booking = self.book(both, self.by_phone, beijing(THURSDAY, 9), advisor=both)
        self.run_action(DAILY, TODAY, 1)
        call = self.reminders(self.by_phone)
        self.assertEqual(call.appointment_id, booking)
        self.assertFalse(call.user_id)
        with self.at_beijing(TODAY, 9):
            call.with_user(self.agent_a).action_take()
        self.assertEqual(call.user_id, self.agent_a)

    def test_cancelled_or_moved_booking(self):
        early, afternoon, __, __ = self.book_week()
        with self.at_beijing(TODAY - timedelta(days=1), 11):
            afternoon.with_user(self.advisor_a).action_cancel()
        self.run_action(DAILY, TODAY, 1)
        self.assertFalse(self.reminders(self.by_email), "a cancelled booking: no reminder")
        call = self.reminders(self.by_phone)
        # the advisor moves the booking to Friday: its pending reminder call ends
        with self.at_beijing(TODAY, 10):
            early.with_user(self.advisor_a).write({"date_start": beijing(FRIDAY, 10)})
        self.assertEqual(call.state, "cancelled")
        self.assertFalse(call.activity_ids)
        # and Friday's is made the day before Friday
        self.run_action(DAILY, THURSDAY, 1)
        moved = self.reminders(self.by_phone) - call
        self.assertRecordValues(
            moved, [{"appointment_id": early.id, "reminder_date": FRIDAY, "state": "pending"}]
        )

    def test_confirmed_on_the_call(self):
        early, __, __, __ = self.book_week()
        self.run_action(DAILY, TODAY, 1)
        call = self.reminders(self.by_phone).with_user(self.agent_a)
        self.assertIn(self.shop_a.name, call.call_script)
        with self.at_beijing(TODAY, 10):
            call.action_confirm_booking()
        self.assertEqual(early.state, "confirmed")
        self.assertRecordValues(
            call, [{"state": "done", "outcome": "confirmed", "date_done": TODAY}]
        )

    def test_cancelled_or_moved_on_the_call(self):
        early, __, __, __ = self.book_week()
        self.by_email.preferred_channel = "phone"
        self.run_action(DAILY, TODAY, 1)
        cancel_call = self.reminders(self.by_phone).with_user(self.agent_a)
        move_call = self.reminders(self.by_email).with_user(self.agent_a)
        with self.at_beijing(TODAY, 10):
            cancel_call.action_cancel_booking()
            action = move_call.action_open_booking()
            booking = (
                self.env[action["res_model"]]
                .with_user(self.agent_a)
                .with_context(**action["context"])
                .browse(action["res_id"])
            )
            booking.write({"date_start": beijing(FRIDAY, 14)})
        self.assertEqual(early.state, "cancelled")
        self.assertRecordValues(cancel_call, [{"state": "done", "outcome": "booking_cancelled"}])
        self.assertRecordValues(move_call, [{"state": "done", "outcome": "rescheduled"}])
        self.assertEqual(booking.booking_date, FRIDAY)

    def test_reply_lands_on_the_booking(self):
        __, afternoon, __, __ = self.book_week()
        self.run_action(DAILY, TODAY, 1)
        mail = self.reminders(self.by_email)
        # the mail gateway routes the customer's reply to the reminder it answers
        mail.message_post(
            body="好的，明天下午四点见。", message_type="email", author_id=self.by_email.id
        )
        reply = afternoon.message_ids.filtered(lambda m: m.author_id == self.by_email)
        self.assertIn("明天下午四点见", reply.body)
        self.assertIn(self.advisor_a.partner_id, reply.partner_ids)
        self.assertIn(self.agent_a.partner_id, reply.partner_ids)
        # the advisor confirms it from the booking
        with self.at_beijing(TODAY, 10):
            afternoon.with_user(self.advisor_a).action_confirm()
        self.assertEqual(afternoon.state, "confirmed")
