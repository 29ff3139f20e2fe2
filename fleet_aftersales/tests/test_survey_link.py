# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The survey by link (#19), as the agent sends it: by the customer's preferred channel
(SMS with the link last, or e-mail), refused without an address for it or when the
customer was contacted today by another channel, batch-safe; not answered within the
shop's days, the daily action makes the call due today, once.

The public page itself: ``test_survey_link_http.py``.
"""

from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, beijing

SENT_AT = beijing(TODAY, 10)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestSurveyLink(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_sms, cls.by_email, cls.by_phone = cls.history_a[:3]
        cls.by_sms.preferred_channel = "sms"
        cls.by_email.write(
            {"preferred_channel": "email", "email": "li.na@example.com", "lang": "en_US"}
        )
        cls.by_phone.preferred_channel = "phone"

    def call(self, partner, kind="satisfaction", day=TODAY):
        with self.at_beijing(day, 9):
            return self.make_call("a", kind, day, partner).with_user(self.agent_a)

    def send(self, calls, day=TODAY, hour=10):
        with self.at_beijing(day, hour):
            return calls.with_user(self.agent_a).action_send_survey()

    def survey_url(self, call):
        return f"{call.get_base_url()}/aftersales/survey/{call.id}?access_token={call.access_token}"

    # ---- Sending ------------------------------------------------------------------------
    def test_sms_with_the_link_last(self):
        call = self.call(self.by_sms)
        self.assertTrue(call.is_survey_sendable)
        self.send(call)
        sms = self.env["sms.sms"].search([("mail_message_id", "=", call.sent_message_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.partner_id, self.by_sms)
        # carrier-approved templates in China end with the link
        self.assertTrue(call.access_token)
        self.assertTrue(sms.body.endswith(self.survey_url(call)), sms.body)
        self.assertRecordValues(
            call,
            [
                {
                    "state": "pending",
                    "survey_state": "sent",
                    "survey_channel": "sms",
                    "survey_sent_datetime": SENT_AT,
                    # the shop's setting: 2 days
                    "survey_expiry_datetime": SENT_AT + timedelta(days=2),
                    # no call while the customer may answer
                    "date_due": TODAY + timedelta(days=2),
                    "is_survey_sendable": False,
                }
            ],
        )

    def test_email_in_the_customer_language(self):
        call = self.call(self.by_email)
        self.send(call)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", call.sent_message_id.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.by_email)
        self.assertIn(self.survey_url(call).replace("&", "&amp;"), mail.body_html)
        self.assertIn("how did we serve you?", mail.subject)
        self.assertEqual(call.survey_channel, "email")

    def test_batch_of_callbacks(self):
        calls = self.call(self.by_sms) | self.call(self.by_email)
        self.send(calls)
        self.assertEqual(calls.mapped("survey_state"), ["sent", "sent"])
        self.assertEqual(len(set(calls.mapped("access_token"))), 2)
        self.assertEqual(len(calls.sent_message_id), 2)

    def test_a_new_token_each_link(self):
        call = self.call(self.by_sms)
        call.sudo()._portal_ensure_token()  # as a notification of the callback would
        old = call.access_token
        self.send(call)
        self.assertNotEqual(call.access_token, old)

    # ---- Refusals -----------------------------------------------------------------------
    def test_refused_without_mobile_or_email(self):
        call = self.call(self.by_sms)
        self.by_sms.mobile = False
        with self.refused(UserError, "no mobile number"):
            self.send(call)
        call = self.call(self.by_email)
        self.by_email.email = False
        with self.refused(UserError, "no e-mail address"):
            self.send(call)
        self.assertFalse(call.survey_state)

    def test_refused_for_phone_customers_and_kinds_without_questionnaire(self):
        with self.refused(UserError, "preferred channel"):
            self.send(self.call(self.by_phone))
        reminder = self.call(self.by_sms, kind="maintenance_reminder")
        self.assertFalse(reminder.answer_ids)
        self.assertFalse(reminder.is_survey_sendable)
        with self.refused(UserError, "no questionnaire"):
            self.send(reminder)

    def test_refused_when_called_today(self):
        """One channel a day: called in vain this morning, no SMS today; tomorrow it goes."""
        call = self.call(self.by_sms)
        with self.at_beijing(TODAY, 9, 30):
            call.action_no_answer()
        self.assertEqual(call.last_contact_date, TODAY)
        with self.refused(UserError, "already contacted today"):
            self.send(call)
        self.assertFalse(call.survey_state)
        self.send(call, day=TODAY + timedelta(days=1))
        self.assertEqual(call.survey_state, "sent")

    def test_refused_when_another_call_was_done_today(self):
        done = self.call(self.by_sms, kind="second_followup")
        with self.at_beijing(TODAY, 9, 30):
            done.answer_ids.write({"rating": "5"})
            done.action_done()
        with self.refused(UserError, "already contacted today"):
            self.send(self.call(self.by_sms))

    def test_refused_when_a_colleague_called_today(self):
        """One channel a day counts every agent of the shop: a colleague's call this
        morning (a callback the sending agent cannot read) refuses the SMS too."""
        colleague = self.make_second_agent_a()
        with self.at_beijing(TODAY, 9):
            theirs = (
                self.env["fleet.aftersales.callback"]
                .with_user(colleague)
                .create(
                    {
                        "callback_type": "second_followup",
                        "partner_id": self.by_sms.id,
                        "date_due": TODAY,
                        "user_id": colleague.id,
                    }
                )
            )
        with self.at_beijing(TODAY, 9, 30):
            theirs.action_no_answer()
        with self.refused(UserError, "already contacted today"):
            self.send(self.call(self.by_sms))

    def test_same_channel_twice_a_day_is_one_channel(self):
        first, second = self.call(self.by_sms), self.call(self.by_sms, kind="second_followup")
        self.send(first)
        self.send(second, hour=11)
        self.assertEqual(second.survey_state, "sent")

    def test_sent_only_once(self):
        call = self.call(self.by_sms)
        self.send(call)
        with self.refused(UserError, "already sent"):
            self.send(call, hour=11)

    # ---- Not answered in time -----------------------------------------------------------
    def test_not_answered_the_call_is_due_today_once(self):
        call = self.call(self.by_sms)
        self.send(call)
        # the day after: still waiting for the customer
        self.run_action("fleet_aftersales.ir_cron_generate_callbacks", TODAY + timedelta(days=1))
        self.assertEqual(call.survey_state, "sent")
        self.assertEqual(call.date_due, TODAY + timedelta(days=2))
        # three days on (01:00 Beijing): expired, called today
        day = TODAY + timedelta(days=3)
        self.run_action("fleet_aftersales.ir_cron_generate_callbacks", day)
        self.assertRecordValues(
            call, [{"survey_state": "expired", "state": "pending", "date_due": day}]
        )
        self.assertEqual(call.activity_ids.date_deadline, day)
        self.assertEqual(call._get_survey_status(call.access_token), "expired")
        # twice: nothing more is selected, nothing changes
        written = call.write_date
        with self.at_beijing(day, 2):
            again = self.env["fleet.aftersales.callback"]._aftersales_survey_fallback(self.shop_a)
        self.assertFalse(again)
        self.run_action("fleet_aftersales.ir_cron_generate_callbacks", day, hour=3)
        self.assertEqual(call.write_date, written)
        self.assertEqual(call.date_due, day)
