# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reminders sent by e-mail or SMS: only to a customer who has the address for it (the
others get a call), and only to the customer (not to the agent)."""

from datetime import timedelta

from odoo.tests import tagged

from .common import TODAY, DealerGroupCase

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestTemplateChannels(DealerGroupCase):
    def runs(self):
        """For each shop, a time of day and the shop's customers by channel, prepared by
        its staff: e-mail, e-mail without address, SMS without mobile, phone."""
        for (hour, minute), key in (((1, 0), "a"), ((23, 30), "b")):
            agent, manager = getattr(self, f"agent_{key}"), getattr(self, f"manager_{key}")
            customers = getattr(self, f"history_{key}")[:4]
            by_email, no_email, no_mobile, by_phone = customers
            for customer, values in (
                (by_email, {"preferred_channel": "email", "email": f"{key}.kehu@example.com"}),
                (no_email, {"preferred_channel": "email", "email": False}),
                (no_mobile, {"preferred_channel": "sms", "mobile": False}),
                (by_phone, {"preferred_channel": "phone"}),
            ):
                customer.with_user(agent).write(values)
            customers.vehicle_ids.with_user(manager).write(
                {"insurance_expiry_date": TODAY + timedelta(days=10)}
            )
            yield (hour, minute), agent, customers

    def reminder(self, customer):
        return self.env["fleet.aftersales.callback"].search(
            [("callback_type", "=", "insurance_renewal"), ("partner_id", "=", customer.id)]
        )

    def test_no_address_means_a_call(self):
        for (hour, minute), agent, customers in self.runs():
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                self.run_action(DAILY, TODAY, hour, minute)
                self.check_called(agent, *customers[1:])

    def check_called(self, agent, no_email, no_mobile, by_phone):
        call = self.reminder(by_phone)
        for customer in (no_email, no_mobile):
            reminder = self.reminder(customer)
            self.assertEqual(reminder.channel, "phone", "no address: a call")
            self.assertEqual(reminder.state, "pending", "not marked done unsent")
            self.assertFalse(reminder.sent_message_id)
            self.assertEqual(reminder.date_due, TODAY)
            self.assertEqual(reminder.user_id, agent)
            # in the agent's inbox: its own activity, or that of the customer's call that
            # carries it (one call per customer in the days between calls, #17)
            carrier = reminder.merged_into_id or reminder
            self.assertEqual(carrier.activity_ids.user_id, agent)
            self.assertEqual(
                reminder.answer_ids.question_id,
                call.answer_ids.question_id,
                "the questionnaire of a call",
            )

    def test_the_mail_goes_to_the_customer_only(self):
        for (hour, minute), agent, customers in self.runs():
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                self.run_action(DAILY, TODAY, hour, minute)
                self.check_mailed(agent, customers[0])

    def check_mailed(self, agent, by_email):
        reminder = self.reminder(by_email)
        self.assertEqual((reminder.channel, reminder.state), ("email", "done"))
        message = reminder.sent_message_id
        self.assertEqual(message.partner_ids, by_email)
        self.assertEqual(message.notified_partner_ids, by_email)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mails.recipient_ids, by_email)
        self.assertNotIn(agent.partner_id, reminder.message_partner_ids)
        self.assertFalse(reminder.activity_ids)
        # the agent's inbox has the calls, not the customers' mail
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", message.id),
                    ("res_partner_id", "=", agent.partner_id.id),
                ]
            )
        )
