# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Above one batch, every due item gets its one reminder or escalation, across runs.

The scheduled actions take at most ``limit`` items a run and re-trigger themselves while
some are left; the selections exclude the done ones in the query, so the later runs take
the items behind the first ones instead of the same first ones again.
"""

from datetime import date, timedelta

from odoo.tests import tagged

from odoo.addons.base.tests.test_ir_cron import CronMixinCase

from .common import TODAY, DealerGroupCase

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"
ESCALATION = "fleet_aftersales.ir_cron_escalate_complaints"
#: the scheduled actions' batch in these tests: fewer than the items due
LIMIT = 3
#: when the runs happen, Beijing time: still the day before in UTC, OdooBot's zone
TIMES = ((1, 0), (23, 30))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestLargeBatches(CronMixinCase, DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref(DAILY).code = f"model._cron_generate_callbacks(limit={LIMIT})"
        cls.env.ref(ESCALATION).code = f"model._cron_escalate_complaints(limit={LIMIT})"
        cls.Callback = cls.env["fleet.aftersales.callback"]

    def run_until_done(self, xmlid, day, hour, minute):
        """Run the scheduled action as Odoo does, again each time it re-triggers itself."""
        for runs in range(1, 11):
            with self.capture_triggers(xmlid) as capture:
                self.run_action(xmlid, day, hour, minute)
            if not capture.records:
                return runs
        self.fail("the scheduled action keeps re-triggering itself")

    def shops(self):
        """Each shop is run at one of the two times (the other shop's items are not due)."""
        return zip(
            TIMES, ((self.shop_a, self.history_a), (self.shop_b, self.history_b)), strict=True
        )

    def test_every_insurance_expiry_gets_one_reminder(self):
        for (hour, minute), (shop, customers) in self.shops():
            with self.subTest(shop=shop.name, at=f"{hour:02d}:{minute:02d}"):
                manager = self.manager_a if shop == self.shop_a else self.manager_b
                vehicles = customers.vehicle_ids
                self.assertGreater(len(vehicles), 3 * LIMIT)
                vehicles.with_user(manager).write({"insurance_expiry_date": TODAY + timedelta(10)})
                runs = self.run_until_done(DAILY, TODAY, hour, minute)
                reminders = self.Callback.search(
                    [("callback_type", "=", "insurance_renewal"), ("company_id", "=", shop.id)]
                )
                self.assertEqual(
                    sorted(reminders.vehicle_id.ids), vehicles.sorted("id").ids, "every car"
                )
                self.assertEqual(len(reminders), len(vehicles), "one each")
                self.assertGreater(runs, 1, "more than one batch")
                self.run_until_done(DAILY, TODAY, hour, minute)
                self.assertEqual(
                    self.Callback.search_count(
                        [("callback_type", "=", "insurance_renewal"), ("company_id", "=", shop.id)]
                    ),
                    len(vehicles),
                    "the runs after the last batch create nothing",
                )

    def test_every_birthday_is_greeted_once(self):
        day = date(2026, 9, 15)
        for (hour, minute), (shop, customers) in self.shops():
            with self.subTest(shop=shop.name, at=f"{hour:02d}:{minute:02d}"):
                agent = self.agent_a if shop == self.shop_a else self.agent_b
                customers.with_user(agent).write({"birthday": date(1985, 9, 15)})
                self.run_until_done(DAILY, day, hour, minute)
                greetings = self.Callback.search(
                    [("callback_type", "=", "birthday"), ("partner_id", "in", customers.ids)]
                )
                self.assertEqual(sorted(greetings.partner_id.ids), sorted(customers.ids))
                self.assertEqual(len(greetings), len(customers), "one each")
                self.assertEqual(set(greetings.mapped("date_due")), {day}, "the shop's today")

    def test_every_late_complaint_is_escalated_once(self):
        for (hour, minute), (shop, customers) in self.shops():
            with self.subTest(shop=shop.name, at=f"{hour:02d}:{minute:02d}"):
                key = "a" if shop == self.shop_a else "b"
                agent, manager = getattr(self, f"agent_{key}"), getattr(self, f"manager_{key}")
                with self.at_beijing(TODAY - timedelta(days=1), 10):
                    complaints = (
                        self.env["fleet.aftersales.complaint"]
                        .with_user(agent)
                        .create(
                            [
                                {
                                    "partner_id": customer.id,
                                    "vehicle_id": customer.vehicle_ids.id,
                                    "description": "保养后异响",
                                    "user_id": agent.id,
                                    # committed for yesterday: late today, not for days
                                    "date_deadline": TODAY - timedelta(days=1),
                                }
                                for customer in customers[: 2 * LIMIT + 1]
                            ]
                        )
                    )
                self.run_until_done(ESCALATION, TODAY, hour, minute)
                self.assertEqual(complaints.mapped("is_escalated"), [True] * len(complaints))
                self.assertEqual(complaints.escalated_to_id, manager)
                self.run_until_done(ESCALATION, TODAY, hour, minute)
                for complaint in complaints:
                    activities = complaint.activity_ids.filtered(
                        lambda a: a.activity_type_id
                        == self.env.ref("fleet_aftersales.mail_act_complaint_escalation")
                    )
                    self.assertEqual(len(activities), 1, "escalated once, across runs")
                    self.assertEqual(activities.user_id, manager)

    def test_the_selection_itself_leaves_out_the_done_ones(self):
        vehicles = self.history_a.vehicle_ids
        vehicles.with_user(self.manager_a).write({"insurance_expiry_date": TODAY + timedelta(5)})
        kind = self.Callback._get_kinds()["insurance_renewal"]
        with self.at_beijing(TODAY, 1):
            first = kind.get_sources(self.Callback, self.shop_a, TODAY, LIMIT)
            self.Callback.with_user(self.agent_a).create(
                [
                    {
                        "callback_type": "insurance_renewal",
                        "partner_id": vehicle.owner_id.id,
                        "vehicle_id": vehicle.id,
                        "reminder_date": vehicle.insurance_expiry_date,
                        "date_due": TODAY,
                    }
                    for vehicle in first
                ]
            )
            second = kind.get_sources(self.Callback, self.shop_a, TODAY, LIMIT)
        self.assertEqual(len(second), LIMIT)
        self.assertFalse(first & second, "the next batch is the next records")
