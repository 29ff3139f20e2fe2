# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackFlow(FleetAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_agent_ids = cls.agent | cls.user
        cls.visit = cls.make_visit(date(2026, 6, 1), odometer=1000)
        cls.customer.write({"call_window_start": 18.5, "call_window_end": 21.0})
        # calls follow the company's working calendar (#17): the dealer's, open daily
        cls.company.resource_calendar_id = cls.env.ref("fleet_aftersales.resource_calendar_dealer")

    def callback_vals(self):
        return {
            "callback_type": "satisfaction",
            "partner_id": self.customer.id,
            "vehicle_id": self.vehicle.id,
            "visit_id": self.visit.id,
            "user_id": self.agent.id,
            "date_due": date(2026, 6, 4),
        }

    def new_callback(self, **vals):
        return self.env["fleet.aftersales.callback"].create(dict(self.callback_vals(), **vals))

    def activity(self, callback):
        return self.env["mail.activity"].search(
            [("res_model", "=", callback._name), ("res_id", "=", callback.id)]
        )

    def test_activity_in_the_agents_inbox(self):
        callback = self.new_callback()
        activity = self.activity(callback)
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("fleet_aftersales.mail_act_callback_satisfaction"),
        )
        self.assertEqual(activity.activity_category, "phonecall")
        self.assertEqual(activity.user_id, self.agent)
        self.assertEqual(activity.date_deadline, date(2026, 6, 4))
        # the agent's activity systray groups it under callbacks
        groups = self.env["res.users"].with_user(self.agent)._get_activity_groups()
        group = next(g for g in groups if g["model"] == "fleet.aftersales.callback")
        self.assertEqual(group["total_count"], 1)
        # reassigning moves the same activity
        callback.user_id = self.manager
        self.assertEqual(self.activity(callback), activity)
        self.assertEqual(activity.user_id, self.manager)

    def test_done_needs_answers_and_marks_the_activity_done(self):
        callback = self.new_callback().with_user(self.agent)
        with self.assertRaisesRegex(UserError, "rate every question"):
            callback.action_done()
        answers = callback.answer_ids
        answers.write({"rating": "4"})
        with self.assertRaisesRegex(ValidationError, "record the reason"):
            answers[0].rating = "2"
        answers[0].write(
            {
                "rating": "2",
                "reason_tag_ids": [
                    (6, 0, self.env.ref("fleet_aftersales.reason_waiting_time").ids)
                ],
            }
        )
        answers[1].write({"rating": "1", "reason": "Nobody explained the bill"})
        self.assertTrue(callback.has_bad_answer)
        with freeze_time("2026-06-04 11:00:00"):
            callback.action_done()
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.date_done, date(2026, 6, 4))
        self.assertEqual(callback.attempt_count, 1)
        self.assertFalse(self.activity(callback), "done: out of the inbox")
        done_message = callback.message_ids.filtered(lambda m: m.mail_activity_type_id)
        self.assertTrue(done_message, "the activity is logged as done in the chatter")

    def test_unanswered_question_needs_a_note(self):
        callback = self.new_callback()
        callback.answer_ids[:-1].write({"rating": "5"})
        with self.assertRaises(UserError):
            callback.action_done()
        callback.note = "The customer had to hang up before the last question."
        callback.action_done()
        self.assertEqual(callback.state, "done")

    def test_activity_done_from_the_inbox_is_refused(self):
        callback = self.new_callback()
        with self.assertRaisesRegex(UserError, "Open the callback"):
            self.activity(callback).with_user(self.agent).action_feedback("done")
        # other activities on the callback (made by hand) are free
        todo = callback.activity_schedule("mail.mail_activity_data_todo", user_id=self.agent.id)
        todo.action_feedback("ok")

    def test_cancel_removes_the_activity(self):
        callback = self.new_callback()
        callback.action_cancel()
        self.assertEqual(callback.state, "cancelled")
        self.assertFalse(self.activity(callback))
        callback.action_reset()
        self.assertEqual(len(self.activity(callback)), 1)

    def test_agent_is_never_the_advisor(self):
        with (
            self.assertRaisesRegex(ValidationError, "cannot call the customer back"),
            self.cr.savepoint(),
        ):
            self.new_callback(user_id=self.user.id)
        callback = self.new_callback()
        with (
            self.assertRaisesRegex(ValidationError, "cannot call the customer back"),
            self.cr.savepoint(),
        ):
            with Form(callback) as form:
                form.user_id = self.user
        # automatic assignment (in create, whoever creates the call) skips the advisor even
        # when he is the least loaded
        self.new_callback(visit_id=False)
        first, second = self.env["fleet.aftersales.callback"].create(
            [
                dict(self.callback_vals(), callback_type="inbound", user_id=False),
                dict(self.callback_vals(), callback_type="inbound", user_id=False, visit_id=False),
            ]
        )
        self.assertEqual(first.user_id, self.agent)
        self.assertEqual(
            second.user_id, self.user, "the least loaded, with no visit to exclude him"
        )

    def test_round_robin(self):
        self.company.aftersales_agent_assignment = "round_robin"
        self.company.aftersales_agent_ids = self.agent | self.manager
        vals = dict(self.callback_vals(), user_id=False, visit_id=False)
        callbacks = self.env["fleet.aftersales.callback"].create([dict(vals) for _i in range(3)])
        self.assertEqual(
            [c.user_id.id for c in callbacks], [self.agent.id, self.manager.id, self.agent.id]
        )
        callback = self.env["fleet.aftersales.callback"].create([vals])
        self.assertEqual(callback.user_id, self.manager, "continues where the last one stopped")

    def test_no_answer_retries_inside_the_call_window(self):
        self.customer.tz = "Asia/Shanghai"
        callback = self.new_callback()
        # 2026-06-04 09:00 in Shanghai is 01:00 UTC: next attempt at 18:30 Shanghai
        with freeze_time("2026-06-04 01:00:00"):
            callback.action_no_answer()
        self.assertEqual(callback.attempt_count, 1)
        self.assertEqual(callback.next_call_datetime, datetime(2026, 6, 4, 10, 30))
        self.assertEqual(callback.date_due, date(2026, 6, 4))
        self.assertIn("18:30", self.activity(callback).summary)
        # 20:00 Shanghai: the window closes at 21:00, so tomorrow 18:30
        with freeze_time("2026-06-04 12:00:00"):
            callback.action_no_answer()
        self.assertEqual(callback.next_call_datetime, datetime(2026, 6, 5, 10, 30))
        self.assertEqual(callback.date_due, date(2026, 6, 5))
        self.assertEqual(self.activity(callback).date_deadline, date(2026, 6, 5))

    def test_unreachable_after_max_attempts_and_other_channel(self):
        self.customer.preferred_channel = "sms"
        callback = self.new_callback()
        with freeze_time("2026-06-04 03:00:00"):
            callback.action_no_answer()
            callback.action_no_answer()
            self.assertEqual(callback.state, "pending")
            callback.action_no_answer()
        self.assertEqual(callback.state, "unreachable")
        self.assertFalse(self.activity(callback))
        follow_up = self.env["fleet.aftersales.callback"].search([("parent_id", "=", callback.id)])
        self.assertEqual(follow_up.channel, "sms")
        self.assertEqual(follow_up.state, "pending")
        self.assertEqual(follow_up.user_id, self.agent)

    def test_unreachable_after_expiry(self):
        callback = self.new_callback()
        with freeze_time(date(2026, 6, 4) + timedelta(days=16)):
            callback.action_no_answer()
        self.assertEqual(callback.state, "unreachable")
        self.assertFalse(
            self.env["fleet.aftersales.callback"].search([("parent_id", "=", callback.id)]),
            "a customer who prefers the phone gets no letter",
        )

    def test_customer_names_a_time(self):
        callback = self.new_callback()
        with freeze_time("2026-06-04 03:00:00"):
            wizard = Form(
                self.env["fleet.aftersales.callback.reschedule"].with_context(
                    **callback.action_open_reschedule()["context"]
                )
            )
            wizard.call_datetime = datetime(2026, 6, 6, 7, 15)
            wizard.save().action_confirm()
        self.assertEqual(callback.next_call_datetime, datetime(2026, 6, 6, 7, 15))
        self.assertEqual(callback.date_due, date(2026, 6, 6))
        self.assertEqual(callback.attempt_count, 0, "not an unanswered attempt")
        with freeze_time("2026-06-04 03:00:00"), self.assertRaises(UserError):
            callback.action_reschedule(datetime(2026, 6, 1, 8, 0))

    def test_overdue_filter(self):
        callback = self.new_callback()
        with freeze_time("2026-06-05 09:00:00"):
            found = self.env["fleet.aftersales.callback"].search([("is_overdue", "=", True)])
            self.assertIn(callback, found)
            callback.answer_ids.write({"rating": "5"})
            callback.action_done()
            found = self.env["fleet.aftersales.callback"].search([("is_overdue", "=", True)])
            self.assertNotIn(callback, found)

    def test_complaint_hook_values(self):
        callback = self.new_callback()
        answer = callback.answer_ids[2]
        answer.write({"rating": "1", "reason": "Noise still there"})
        values = callback._prepare_complaint_values()
        self.assertEqual(values["partner_id"], self.customer.id)
        self.assertEqual(values["visit_id"], self.visit.id)
        self.assertEqual(values["department_id"], answer.department_id.id)
        self.assertIn("Noise still there", values["description"])
