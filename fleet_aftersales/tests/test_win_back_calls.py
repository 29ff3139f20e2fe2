# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Lost customers, shop by shop, and the win-back calls of install day (流失客户回访)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from odoo.addons.base.tests.test_ir_cron import CronMixinCase

from .common import TODAY, DealerGroupCase, beijing

LOST = "fleet_aftersales.ir_cron_update_lost_customers"
DAILY = "fleet_aftersales.ir_cron_generate_callbacks"
#: with the default 6 months and the range up to 12: the history customers called
CALLED = range(6, 13)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestWinBackCalls(CronMixinCase, DealerGroupCase):
    def morning(self, day=TODAY, hour=1, minute=0):
        """The shops' morning: lost customers first, then the day's calls (as Odoo runs them)."""
        self.run_action(LOST, day, hour, minute)
        self.run_action(DAILY, day, hour, minute)

    def calls(self, manager, customers=None):
        """The win-back calls the shop's manager sees."""
        domain = [("callback_type", "=", "lost_customer")]
        if customers is not None:
            domain.append(("partner_id", "in", customers.ids))
        return self.env["fleet.aftersales.callback"].with_user(manager).search(domain)

    def history(self, key, months):
        customers = getattr(self, f"history_{key}")
        return customers.browse(
            [c.id for k, c in zip(self.HISTORY_MONTHS, customers, strict=True) if k in months]
        )

    def check_backlog(self, first, second):
        self.morning(TODAY, *first)
        for key, manager, agent in (
            ("a", self.manager_a, self.agent_a),
            ("b", self.manager_b, self.agent_b),
        ):
            calls = self.calls(manager)
            self.assertEqual(
                calls.partner_id,
                self.history(key, CALLED),
                "every customer last seen 6 to 12 months ago, once; not 3-5, not 13",
            )
            self.assertEqual(len(calls), len(CALLED))
            self.assertEqual(set(calls.mapped("date_due")), {TODAY})
            self.assertEqual(calls.user_id, agent)
            twelve = calls.filtered(lambda c, key=key: c.partner_id == self.history(key, [12]))
            self.assertEqual(twelve.reminder_date, TODAY - relativedelta(months=6))
            self.assertEqual(twelve.activity_ids.user_id, agent)
            lost = self.history(key, self.HISTORY_MONTHS).with_user(manager)
            self.assertEqual(
                lost.filtered("is_lost_customer"), lost.browse(self.history(key, range(6, 14)).ids)
            )
        self.morning(TODAY + timedelta(days=1), *second)
        self.assertEqual(len(self.calls(self.manager_a)), len(CALLED), "nothing twice")
        self.assertEqual(len(self.calls(self.manager_b)), len(CALLED), "nothing twice")

    def test_install_day_backlog_at_1am(self):
        self.check_backlog((1, 0), (23, 30))

    def test_install_day_backlog_at_half_past_11pm(self):
        self.check_backlog((23, 30), (1, 0))

    def test_each_shop_its_own_months(self):
        self.shop_b.write({"aftersales_lost_months": 9, "aftersales_lost_max_months": 10})
        self.morning()
        self.assertEqual(self.calls(self.manager_a).partner_id, self.history("a", CALLED))
        self.assertEqual(self.calls(self.manager_b).partner_id, self.history("b", (9, 10)))
        self.assertFalse(self.history("b", [8]).with_user(self.manager_b).is_lost_customer)
        self.assertTrue(self.history("a", [8]).with_user(self.manager_a).is_lost_customer)

    def test_the_range_is_a_shop_setting(self):
        settings = self.env["res.config.settings"].with_company(self.shop_b).create({})
        self.assertEqual(settings.aftersales_lost_max_months, 12)
        settings.aftersales_lost_max_months = 10
        settings.execute()
        self.assertEqual(self.shop_b.aftersales_lost_max_months, 10)
        self.assertEqual(self.shop_a.aftersales_lost_max_months, 12)

    def test_a_customer_of_two_shops_is_lost_in_one(self):
        customer = self.make_two_shop_customer(months_a=8, months_b=2)
        self.morning(TODAY, 23, 30)
        self.assertTrue(customer.with_user(self.manager_a).is_lost_customer)
        self.assertFalse(customer.with_user(self.manager_b).is_lost_customer)
        self.assertEqual(len(self.calls(self.manager_a, customer)), 1)
        self.assertFalse(self.calls(self.manager_b, customer))

    def test_buyer_never_seen_again(self):
        buyer = self.env["res.partner"].create({"name": "新车客户", "company_id": self.shop_a.id})
        self.env["fleet.vehicle"].create(
            {
                "model_id": self.car_model.id,
                "owner_id": buyer.id,
                "company_id": self.shop_a.id,
                "delivery_date": TODAY - relativedelta(months=7),
            }
        )
        self.morning()
        call = self.calls(self.manager_a, buyer)
        self.assertEqual(len(call), 1, "the car purchase is the last time we saw the buyer")
        self.assertEqual(call.reminder_date, TODAY - relativedelta(months=1))

    def test_returning_customer_call_cancelled_by_the_advisor(self):
        self.morning()
        customer = self.history("a", [8])
        call = self.calls(self.manager_a, customer)
        self.assertEqual(call.state, "pending")
        day = TODAY + timedelta(days=2)
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.advisor_a)
            .create(
                {
                    "vehicle_id": customer.vehicle_ids.id,
                    "advisor_id": self.advisor_a.id,
                    "reception_datetime": beijing(day, 9),
                    "odometer": 30000,
                }
            )
        )
        with self.at_beijing(day, 23, 30):
            visit.action_deliver()
        self.assertEqual(call.state, "cancelled")
        self.assertFalse(call.activity_ids)
        self.assertFalse(customer.with_user(self.manager_a).is_lost_customer)
        self.morning(day + timedelta(days=1))
        self.assertEqual(self.calls(self.manager_a, customer), call, "back: no new call")

    def test_backlog_in_batches_above_the_limit(self):
        """Above one run's limit, each run takes the next ones (none twice, none starved)
        and re-triggers itself while some are left."""
        Partner = self.env["res.partner"]
        Generator = self.env["fleet.aftersales.callback.generator"]
        history = self.history("a", self.HISTORY_MONTHS).with_user(self.manager_a)
        lost_counts, call_counts = [], []
        with self.at_beijing(TODAY, 1), self.capture_triggers(LOST) as lost_triggers:
            for _run in range(3):
                Partner._cron_update_lost_customers(batch_size=2, limit=3)
                history.invalidate_recordset(["is_lost_customer"])
                lost_counts.append(len(history.filtered("is_lost_customer")))
        self.assertEqual(lost_counts, [3, 6, 8])
        self.assertTrue(lost_triggers.records, "re-triggered while some were left")
        with self.at_beijing(TODAY, 1), self.capture_triggers(DAILY) as call_triggers:
            for _run in range(4):
                Generator._cron_generate_callbacks(batch_size=2, limit=3)
                call_counts.append(len(self.calls(self.manager_a)))
        self.assertEqual(call_counts, [3, 6, 7, 7])
        self.assertTrue(call_triggers.records)
        for manager, key in ((self.manager_a, "a"), (self.manager_b, "b")):
            self.assertEqual(self.calls(manager).partner_id, self.history(key, CALLED))
