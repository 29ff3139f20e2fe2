# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TODAY, ReminderCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestMaintenanceReminder(ReminderCase):
    def test_reminder_within_lead_time_once(self):
        # first service (首保) due three months after handover: 2026-06-17
        self.vehicle.delivery_date = date(2026, 3, 17)
        self.assertEqual(self.vehicle.next_service_date, date(2026, 6, 17))
        self.assertFalse(
            self.of(self.run_cron(date(2026, 6, 9)), "maintenance_reminder"), "8 days before"
        )
        reminder = self.of(self.run_cron(date(2026, 6, 10)), "maintenance_reminder")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.reminder_date, date(2026, 6, 17))
        self.assertEqual(reminder.vehicle_id, self.vehicle)
        self.assertIn("First service", reminder.note)
        self.assertEqual(reminder.user_id, self.agent)
        self.assertTrue(reminder.activity_ids, "in the agent's inbox")
        self.assertFalse(
            self.of(self.run_cron(date(2026, 6, 11)), "maintenance_reminder"), "idempotent"
        )
        self.assertFalse(self.of(self.run_cron(date(2026, 6, 11)), "maintenance_reminder"))

    def test_lead_time_is_a_setting(self):
        self.company.aftersales_maintenance_lead_days = 10
        self.vehicle.delivery_date = date(2026, 3, 17)
        self.assertTrue(self.of(self.run_cron(date(2026, 6, 7)), "maintenance_reminder"))

    def test_reminder_moves_with_the_due_date(self):
        self.make_visit(date(2026, 1, 1), odometer=10000)  # due 2026-05-06 by km (40 km/day)
        self.assertEqual(self.vehicle.next_service_date, date(2026, 5, 6))
        reminder = self.of(self.run_cron(date(2026, 5, 1)), "maintenance_reminder")
        self.assertEqual(reminder.reminder_date, date(2026, 5, 6))
        # a new reading shows the car drives less: due later, still within the lead time
        self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": self.vehicle.id, "value": 14685, "date": date(2026, 4, 30)}
        )
        self.assertEqual(self.vehicle.next_service_date, date(2026, 5, 9))
        self.run_cron(date(2026, 5, 2))
        self.assertEqual(reminder.state, "pending")
        self.assertEqual(reminder.reminder_date, date(2026, 5, 9))
        self.assertEqual(len(self.reminders("maintenance_reminder")), 1, "moved, not duplicated")

    def test_reminder_dies_with_the_service(self):
        self.make_visit(date(2026, 1, 1), odometer=10000)
        reminder = self.of(self.run_cron(date(2026, 5, 1)), "maintenance_reminder")
        with freeze_time("2026-05-03 12:00:00"):
            self.make_visit(date(2026, 5, 3), odometer=14000)
        self.assertEqual(reminder.state, "cancelled")
        self.assertFalse(reminder.activity_ids)
        self.assertFalse(self.of(self.run_cron(date(2026, 5, 4)), "maintenance_reminder"))

    def test_email_customers_get_the_template(self):
        self.customer.write({"preferred_channel": "email", "email": "zhang.wei@example.com"})
        self.vehicle.delivery_date = date(2026, 3, 17)
        reminder = self.of(self.run_cron(), "maintenance_reminder")
        self.assertEqual(reminder.channel, "email")
        self.assertEqual(reminder.state, "done", "sent instead of called")
        self.assertTrue(reminder.sent_message_id)
        mails = self.env["mail.mail"].search(
            [("mail_message_id", "=", reminder.sent_message_id.id)]
        )
        mail = mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1, "queued in Odoo's mail queue, to the customer")
        self.assertIn("粤A·12345", reminder.sent_message_id.subject)
        self.assertEqual(mail.state, "outgoing")

    def test_sms_customers_get_the_sms_template(self):
        self.customer.preferred_channel = "sms"
        self.vehicle.delivery_date = date(2026, 3, 17)
        reminder = self.of(self.run_cron(), "maintenance_reminder")
        self.assertEqual(reminder.state, "done")
        sms = self.env["sms.sms"].search([("mail_message_id", "=", reminder.sent_message_id.id)])
        # phonenumbers installed: the SMS goes to the number in international form
        self.assertEqual(sms.number, "+8613800138000")
        self.assertIn("粤A·12345", sms.body)

    def test_opted_out_customer_gets_no_reminder(self):
        self.env["fleet.aftersales.optout"].create(
            {
                "partner_id": self.customer.id,
                "callback_type": "maintenance_reminder",
                "reason": "Services elsewhere",
            }
        )
        self.vehicle.delivery_date = date(2026, 3, 17)
        self.assertFalse(self.of(self.run_cron(), "maintenance_reminder"))
        self.customer.aftersales_optout_ids.active = False
        self.assertTrue(self.of(self.run_cron(), "maintenance_reminder"), "lifted")

    def test_queries_do_not_grow_with_vehicles_not_due(self):
        def measure(count):
            self.env["fleet.vehicle"].create(
                [{"model_id": self.model.id, "owner_id": self.customer.id} for _ in range(count)]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.run_cron(TODAY)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        measure(1)  # warm-up: whatever is due that day is created once
        self.assertEqual(measure(5), measure(50))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestInsuranceAndBirthday(ReminderCase):
    def test_insurance_renewal_once_per_expiry(self):
        self.vehicle.insurance_expiry_date = date(2026, 7, 10)
        self.assertFalse(
            self.of(self.run_cron(date(2026, 6, 9)), "insurance_renewal"), "31 days before"
        )
        reminder = self.of(self.run_cron(date(2026, 6, 10)), "insurance_renewal")
        self.assertEqual(reminder.reminder_date, date(2026, 7, 10))
        self.assertFalse(self.of(self.run_cron(date(2026, 6, 11)), "insurance_renewal"))
        # renewed for a year: next year's expiry gets its own reminder
        self.vehicle.insurance_expiry_date = date(2027, 7, 10)
        self.assertTrue(self.of(self.run_cron(date(2027, 6, 10)), "insurance_renewal"))

    def test_insurance_expiring_next_month_list(self):
        self.vehicle.insurance_expiry_date = date(2026, 7, 20)
        action = self.env.ref("fleet_aftersales.fleet_vehicle_action_insurance_next_month")
        with freeze_time("2026-06-10"):
            domain = action._get_eval_context() and eval_domain(action.domain)
            self.assertIn(self.vehicle, self.env["fleet.vehicle"].search(domain))
        with freeze_time("2026-05-10"):
            self.assertNotIn(
                self.vehicle, self.env["fleet.vehicle"].search(eval_domain(action.domain))
            )

    def test_birthday_on_the_day(self):
        self.customer.birthday = date(1988, 6, 10)
        self.assertFalse(self.of(self.run_cron(date(2026, 6, 9)), "birthday"))
        greeting = self.of(self.run_cron(date(2026, 6, 10)), "birthday")
        self.assertEqual(greeting.reminder_date, date(2026, 6, 10))
        self.assertFalse(self.of(self.run_cron(date(2026, 6, 10)), "birthday"), "once a year")
        self.assertTrue(self.of(self.run_cron(date(2027, 6, 10)), "birthday"), "next year again")

    def test_leap_day_birthday_on_28_february(self):
        self.customer.birthday = date(1988, 2, 29)
        self.assertTrue(self.of(self.run_cron(date(2027, 2, 28)), "birthday"))

    def test_birthday_opt_out(self):
        self.customer.birthday = date(1988, 6, 10)
        self.env["fleet.aftersales.optout"].create(
            {
                "partner_id": self.customer.id,
                "callback_type": "birthday",
                "reason": "Does not want it",
            }
        )
        self.assertFalse(self.of(self.run_cron(), "birthday"))


def eval_domain(domain):
    from dateutil.relativedelta import relativedelta

    from odoo.fields import Date
    from odoo.tools.safe_eval import safe_eval

    return safe_eval(domain, {"context_today": Date.today, "relativedelta": relativedelta})
