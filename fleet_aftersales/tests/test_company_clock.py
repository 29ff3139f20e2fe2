# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every date rule reads the dealer's clock (Asia/Shanghai), whoever runs it."""

from datetime import timedelta

from odoo.tests import Form, tagged

from .common import TODAY, DealerGroupCase, beijing

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCompanyClock(DealerGroupCase):
    def deliver(self, day, hour, advisor=None):
        """A service visit of shop A received and delivered on ``day`` at ``hour`` Beijing."""
        advisor = advisor or self.advisor_a
        customer = self.history_a[0]
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(advisor)
            .create(
                {
                    "vehicle_id": customer.vehicle_ids.id,
                    "advisor_id": advisor.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(day, hour) - timedelta(hours=1),
                    "odometer": 20000,
                }
            )
        )
        with self.at_beijing(day, hour):
            visit.action_deliver()
        return visit

    def calls(self, kind, partner):
        return self.env["fleet.aftersales.callback"].search(
            [("callback_type", "=", kind), ("partner_id", "=", partner.id)]
        )

    def test_shops_run_on_beijing_time(self):
        self.assertEqual(self.shop_a._get_aftersales_tz().zone, "Asia/Shanghai")
        with self.at_beijing(TODAY, 1):
            # 01:00 in Beijing is still yesterday in UTC, OdooBot's zone
            self.assertEqual(self.shop_a._aftersales_today(), TODAY)
        with self.at_beijing(TODAY, 23, 30):
            self.assertEqual(self.shop_a._aftersales_today(), TODAY)

    def test_the_days_calls_are_dated_today_at_1am_and_at_half_past_11pm(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                day = TODAY + timedelta(days=20 if hour == 1 else 40)
                visit = self.deliver(day - timedelta(days=3), 10)
                self.run_action(DAILY, day, hour, minute)
                call = self.calls("satisfaction", visit.partner_id).filtered(
                    lambda c, visit=visit: c.visit_id == visit
                )
                self.assertEqual(len(call), 1, "the satisfaction call is made on the third day")
                self.assertEqual(call.date_due, day, "dated today, not yesterday")
                with self.at_beijing(day, hour, minute):
                    call.invalidate_recordset(["is_overdue"])
                    self.assertFalse(call.is_overdue)
                self.assertEqual(call.activity_ids.date_deadline, day)
                self.assertEqual(call.user_id, self.agent_a)

    def test_delivery_date_is_the_dealers_day_whoever_records_it(self):
        # an advisor whose own preference is another time zone delivers at 00:30 in Beijing
        self.advisor_a.tz = "America/Los_Angeles"
        visit = self.deliver(TODAY, 0)
        self.assertEqual(visit.delivery_date, TODAY)

    def test_overdue_counts_in_beijing(self):
        call = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.agent_a)
            .create(
                {
                    "callback_type": "inbound",
                    "partner_id": self.history_a[0].id,
                    "date_due": TODAY - timedelta(days=1),
                    "user_id": self.agent_a.id,
                    "company_id": self.shop_a.id,
                }
            )
        )
        with self.at_beijing(TODAY, 1):
            call.invalidate_recordset(["is_overdue"])
            self.assertTrue(call.is_overdue)
            overdue = (
                self.env["fleet.aftersales.callback"]
                .with_user(self.agent_a)
                .search([("is_overdue", "=", True)])
            )
            self.assertIn(call, overdue)

    def test_birthday_greeted_on_the_day_at_1am(self):
        customer = self.history_a[1]
        customer.birthday = TODAY.replace(year=1985)
        self.run_action(DAILY, TODAY, 1)
        greeting = self.calls("birthday", customer)
        self.assertEqual(len(greeting), 1)
        self.assertEqual(greeting.reminder_date, TODAY)

    def test_dashboard_and_report_wizard_read_the_shop_day(self):
        with self.at_beijing(TODAY, 1):
            wizard = Form(
                self.env["fleet.aftersales.report.wizard"].with_user(self.manager_a)
            ).save()
            self.assertEqual(wizard.date_from, TODAY)
