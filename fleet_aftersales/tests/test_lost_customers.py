# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ReminderCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestLostCustomers(ReminderCase):
    def update(self, day):
        with freeze_time(f"{day} 05:00:00"):
            return self.env["res.partner"]._cron_update_lost_customers()

    def test_lost_after_six_months_and_back_after_a_visit(self):
        self.make_visit(date(2025, 12, 1), odometer=1000)
        self.update(date(2026, 5, 31))
        self.assertFalse(self.customer.is_lost_customer, "not six months yet")
        self.update(date(2026, 6, 1))
        self.assertTrue(
            self.customer.is_lost_customer, "not back for 6 months (the seeds: 6 to 12)"
        )
        self.assertEqual(self.customer.lost_since_date, date(2026, 6, 1))
        lost, _back = self.update(date(2026, 6, 3))
        self.assertNotIn(self.customer, lost.partner_id, "idempotent")
        # the win-back call, once per lost period, with a lost reason required
        call = self.of(self.run_cron(date(2026, 6, 3)), "lost_customer")
        self.assertEqual(len(call), 1)
        self.assertEqual(call.reminder_date, date(2026, 6, 1))
        self.assertTrue(call.answer_ids, "the lost-customer questions")
        self.assertFalse(self.of(self.run_cron(date(2026, 6, 4)), "lost_customer"))
        call.answer_ids.write({"rating": "3"})
        with self.assertRaisesRegex(UserError, "lost reason"):
            call.action_done()
        # the customer comes back: no longer lost, the call is cancelled
        with freeze_time("2026-06-05 12:00:00"):
            self.make_visit(date(2026, 6, 5), odometer=3000)
        self.assertFalse(self.customer.is_lost_customer)
        self.assertEqual(call.state, "cancelled")

    def test_lost_reason_closes_the_call(self):
        self.make_visit(date(2025, 1, 1), odometer=1000)
        self.update(date(2026, 6, 1))
        call = self.of(self.run_cron(date(2026, 6, 1)), "lost_customer")
        self.assertFalse(call, "last seen 17 months ago: beyond the win-back range")
        self.company.aftersales_lost_max_months = 18
        call = self.of(self.run_cron(date(2026, 6, 1)), "lost_customer")
        call.answer_ids.write({"rating": "2", "reason": "Cheaper elsewhere"})
        call.lost_reason_id = self.env.ref("fleet_aftersales.lost_reason_price")
        call.action_done()
        self.assertEqual(call.state, "done")

    def test_lost_months_is_a_setting(self):
        self.company.aftersales_lost_months = 12
        self.make_visit(date(2025, 12, 1), odometer=1000)
        self.update(date(2026, 6, 2))
        self.assertFalse(self.customer.is_lost_customer)
        self.update(date(2026, 12, 2))
        self.assertTrue(self.customer.is_lost_customer)

    def test_opt_out_of_win_back_calls(self):
        self.env["fleet.aftersales.optout"].create(
            {
                "partner_id": self.customer.id,
                "callback_type": "lost_customer",
                "reason": "Sold the car",
            }
        )
        self.make_visit(date(2025, 12, 1), odometer=1000)
        self.update(date(2026, 6, 2))
        self.assertFalse(self.of(self.run_cron(date(2026, 6, 2)), "lost_customer"))

    def test_lost_customers_are_marked_before_the_days_callbacks(self):
        lost = self.env.ref("fleet_aftersales.ir_cron_update_lost_customers")
        calls = self.env.ref("fleet_aftersales.ir_cron_generate_callbacks")
        self.assertLess(lost.priority, calls.priority, "Odoo runs due jobs by priority")
