# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The measures of the seeds (#18): insurance renewal rate against its target, first
services of the month's new cars, intake by visit type, lost customers won back, the
agents' performance and the satisfaction week by week; on the statistics service, the
manager's dashboard and the monthly PDF, each shop its own.

A known June 2026 (weeks from Monday 1 June) in shop A, Beijing time:

- insurance reminders (agent A) about policies expiring 15, 20 and 25 June, and 10 July;
  the first one done on 1 June and its car renewed to 2027: 1 renewed / 3 = 33.3 %;
- new cars handed over on 5 and 8 June; the first has its first service on 20 June,
  a car handed over in May has its first service in June too: 1 / 2 = 50.0 %;
- visits received: the first service (20 June), a repair (12 June), a maintenance
  (15 June): 3;
- two lost customers: one called (win-back call done by agent A on 3 June) and back on
  12 June (the repair), one back on 15 June uncalled: 1 won back, 1 win-back call;
- agent A2's satisfaction calls (advisor A): due 2 June, no answer, reached on 4 June
  (late), all good; due 9 June, reached that day, one poor answer; due 16 June, pending.

Shop B: an insurance reminder expiring in June, renewed, and a visit: never in A's figures.
"""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerGroupCase

JUNE = (date(2026, 6, 1), date(2026, 6, 30))
MONTHLY = "fleet_aftersales.action_report_monthly_statistics"


def day(d, month=6):
    return date(2026, month, d)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestStatisticsMeasures(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a2 = cls.make_second_agent_a()
        cls._make_insurance()
        cls._make_new_cars()
        cls._make_lost()
        cls._make_satisfaction()

    @classmethod
    def _insurance_call(cls, key, customer, due, expiry):
        car = customer.vehicle_ids[:1]
        car.insurance_expiry_date = expiry
        return cls.make_call(
            key, "insurance_renewal", due, customer, vehicle_id=car.id, reminder_date=expiry
        )

    @classmethod
    def _make_insurance(cls):
        h = cls.history_a
        with cls.at_beijing(day(1), 9):
            cls.ins = [
                cls._insurance_call("a", h[0], day(1), day(15)),
                cls._insurance_call("a", h[1], day(6), day(20)),
                cls._insurance_call("a", h[2], day(11), day(25)),
                cls._insurance_call("a", h[3], day(26), day(10, 7)),
            ]
            cls.ins_b = cls._insurance_call("b", cls.history_b[0], day(1), day(15))
            for call, agent in ((cls.ins[0], cls.agent_a), (cls.ins_b, cls.agent_b)):
                call.with_user(agent).write({"note": "客户同意续保"})
                call.with_user(agent).action_done()
        # renewed: the car's new policy is entered
        for call in (cls.ins[0], cls.ins_b):
            call.vehicle_id.insurance_expiry_date = date(2027, 6, 15)

    @classmethod
    def _make_new_cars(cls):
        owners = cls.env["res.partner"].create(
            [{"name": f"新车主{i}", "mobile": f"1390000000{i}", "lang": "zh_CN"} for i in range(3)]
        )
        cls.new_cars = cls.env["fleet.vehicle"].create(
            [
                {
                    "model_id": cls.car_model.id,
                    "license_plate": f"粤A·N000{i}",
                    "owner_id": owner.id,
                    "company_id": cls.shop_a.id,
                    "delivery_date": handover,
                }
                for i, (owner, handover) in enumerate(
                    zip(owners, (day(5), day(8), day(20, 5)), strict=True)
                )
            ]
        )

    @classmethod
    def _make_lost(cls):
        Period = cls.env["fleet.aftersales.lost.period"]
        cls.called, cls.uncalled = cls.history_a[5], cls.history_a[6]  # 8 and 9 months
        cls.periods = Period.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.shop_a.id,
                    "last_seen_date": date(2025, 10 if partner == cls.called else 9, 10),
                    "lost_since_date": date(2026, 4 if partner == cls.called else 3, 10),
                }
                for partner in (cls.called, cls.uncalled)
            ]
        )
        with cls.at_beijing(day(3), 10):
            cls.lost_call = cls.make_call(
                "a", "lost_customer", day(3), cls.called, lost_period_id=cls.periods[0].id
            )
            cls.lost_call.with_user(cls.agent_a).write(
                {
                    "lost_reason_id": cls.env.ref("fleet_aftersales.lost_reason_price").id,
                    "note": "客户说价格贵",
                }
            )
            cls.lost_call.with_user(cls.agent_a).action_done()

    @classmethod
    def _satisfaction_call(cls, due):
        customer = cls.history_a[7]
        return (
            cls.env["fleet.aftersales.callback"]
            .with_user(cls.agent_a2)
            .create(
                {
                    "callback_type": "satisfaction",
                    "partner_id": customer.id,
                    "vehicle_id": customer.vehicle_ids[:1].id,
                    "advisor_id": cls.advisor_a.id,
                    "date_due": due,
                    "user_id": cls.agent_a2.id,
                }
            )
        )

    @classmethod
    def _answer(cls, call, poor=False):
        answers = call.answer_ids.sorted("sequence").with_user(cls.agent_a2)
        answers.write({"rating": "5"})
        if poor:
            answers[:1].write({"rating": "2", "reason": "等待时间太长"})
        call.with_user(cls.agent_a2).action_done()

    @classmethod
    def _make_satisfaction(cls):
        with cls.at_beijing(day(1), 9):
            cls.late = cls._satisfaction_call(day(2))
            cls.on_time = cls._satisfaction_call(day(9))
            cls.pending = cls._satisfaction_call(day(16))
        with cls.at_beijing(day(2), 10):
            cls.late.with_user(cls.agent_a2).action_no_answer()
        with cls.at_beijing(day(4), 15):
            cls._answer(cls.late)
        with cls.at_beijing(day(9), 15):
            cls._answer(cls.on_time, poor=True)

    def _visits(self):
        """The month's visits: the first service, a repair that brings the called lost
        customer back, a maintenance that brings the other back; shop B's visit."""
        self.deliver_visit(self.new_cars[0], day(20), 10, visit_type="first_service")
        self.deliver_visit(self.new_cars[2], day(21), 10, visit_type="first_service")
        self.deliver_visit(self.called.vehicle_ids[:1], day(12), 10, visit_type="repair")
        self.deliver_visit(self.uncalled.vehicle_ids[:1], day(15), 10)
        self.deliver_visit(self.history_b[1].vehicle_ids[:1], day(15), 10, visit_type="repair")

    def stats(self, user, shop):
        Statistics = self.env["fleet.aftersales.statistics"].with_user(user)
        with self.at_beijing(day(30), 18):
            return Statistics._get_statistics(shop, *JUNE)

    # ---- the service ----

    def test_insurance_renewal_rate_against_its_target(self):
        stats = self.stats(self.manager_a, self.shop_a)
        self.assertEqual(stats["insurance_reminders"], 3)
        self.assertEqual(stats["insurance_renewed"], 1)
        self.assertEqual(stats["insurance_renewal_rate"], 33.3)
        self.assertEqual(stats["target_insurance_renewal_rate"], 20.0)
        renewed = self.env["fleet.aftersales.callback"].search(stats["insurance_renewed_domain"])
        self.assertEqual(renewed, self.ins[0])
        stats_b = self.stats(self.manager_b, self.shop_b)
        self.assertEqual(
            (stats_b["insurance_reminders"], stats_b["insurance_renewal_rate"]), (1, 100.0)
        )

    def test_insurance_target_is_a_checked_setting(self):
        self.assertEqual(
            self.shop_a.with_user(self.manager_a).aftersales_target_insurance_renewal_rate, 20.0
        )
        field = self.env["res.config.settings"]._fields["aftersales_target_insurance_renewal_rate"]
        self.assertEqual(field.related, "company_id.aftersales_target_insurance_renewal_rate")
        with self.refused(ValidationError, "0.*100"):
            self.shop_a.write({"aftersales_target_insurance_renewal_rate": 120})

    def test_first_services_of_the_months_new_cars(self):
        self._visits()
        stats = self.stats(self.manager_a, self.shop_a)
        self.assertEqual((stats["new_cars"], stats["first_serviced"]), (2, 1))
        self.assertEqual(stats["first_service_rate"], 50.0)
        served = self.env["fleet.vehicle"].search(stats["first_serviced_domain"])
        self.assertEqual(served, self.new_cars[0])

    def test_intake_by_visit_type(self):
        self._visits()
        stats = self.stats(self.manager_a, self.shop_a)
        self.assertEqual(stats["intake"], 4)
        self.assertEqual(
            [(row["type"], row["count"]) for row in stats["intake_by_type"]],
            [("first_service", 2), ("maintenance", 1), ("repair", 1)],
        )
        self.assertEqual(self.stats(self.manager_b, self.shop_b)["intake"], 1)

    def test_lost_customers_won_back(self):
        self._visits()
        self.assertEqual(self.periods.mapped("return_date"), [day(12), day(15)])
        stats = self.stats(self.manager_a, self.shop_a)
        self.assertEqual((stats["won_back"], stats["win_back_calls"]), (1, 1))
        won = self.env[stats["won_back_model"]].search(stats["won_back_domain"])
        self.assertEqual(won.partner_id, self.called)

    def test_agent_performance(self):
        rows = {r["name"]: r for r in self.stats(self.manager_a, self.shop_a)["agents"]}
        self.assertEqual(set(rows), {self.agent_a.name, self.agent_a2.name})
        keys = (
            "calls",
            "attempts",
            "reached",
            "attempts_per_reach",
            "on_time",
            "on_time_rate",
            "satisfaction_rate",
        )
        self.assertEqual([rows[self.agent_a.name][k] for k in keys], [5, 2, 2, 1.0, 2, 40.0, 0.0])
        self.assertEqual([rows[self.agent_a2.name][k] for k in keys], [3, 3, 2, 1.5, 1, 33.3, 50.0])

    def test_satisfaction_by_week_department_and_advisor(self):
        stats = self.stats(self.manager_a, self.shop_a)
        self.assertEqual(
            [w["name"] for w in stats["weeks"]],
            ["6/1-6/7", "6/8-6/14", "6/15-6/21", "6/22-6/28", "6/29-6/30"],
        )
        n = len(self.late.answer_ids.filtered("is_good"))
        self.assertGreater(n, 1)
        total = stats["weekly_satisfaction"]
        self.assertEqual(
            [(w["good"], w["count"]) for w in total["weeks"]],
            [(n, n), (n - 1, n), (0, 0), (0, 0), (0, 0)],
        )
        self.assertEqual(total["rate"], round(100.0 * (2 * n - 1) / (2 * n), 1))
        [advisor] = stats["weekly_by_advisor"]
        self.assertEqual(
            [w["rate"] for w in advisor["weeks"][:2]], [100.0, round(100.0 * (n - 1) / n, 1)]
        )
        departments = stats["weekly_by_department"]
        self.assertEqual(sum(r["count"] for r in departments), 2 * n)
        self.assertEqual(sum(r["weeks"][1]["good"] for r in departments), n - 1)

    # ---- the dashboard and the PDF ----

    def test_dashboard_shows_the_measures(self):
        self._visits()
        with self.at_beijing(day(30), 18):
            data = (
                self.env["fleet.aftersales.dashboard"]
                .with_user(self.manager_a)
                .get_dashboard_data()
            )
        cards = {c["key"]: c for c in data["cards"]}
        self.assertEqual(cards["insurance_renewal_rate"]["value"], 33.3)
        self.assertEqual(cards["insurance_renewal_rate"]["target"], 20.0)
        self.assertEqual(cards["first_service_rate"]["value"], 50.0)
        self.assertEqual(cards["won_back"]["value"], 1)
        for key in ("insurance_renewal_rate", "first_service_rate", "won_back"):
            card = cards[key]
            self.assertTrue(
                self.env[card["model"]].with_user(self.manager_a).search_count(card["domain"])
            )
        self.assertEqual(sum(r["count"] for r in data["intake_by_type"]), 4)
        self.assertEqual(len(data["weekly_satisfaction"]), 5)
        self.assertEqual(
            {r["name"] for r in data["agents"]}, {self.agent_a.name, self.agent_a2.name}
        )

    def test_monthly_pdf_prints_the_measures_in_chinese(self):
        self._visits()
        with self.at_beijing(day(30), 18):
            html = (
                self.env["ir.actions.report"]
                .with_user(self.manager_a)
                .with_context(lang="zh_CN")
                ._render_qweb_html(MONTHLY, self.shop_a.ids, data={"month": "2026-06-01"})[0]
                .decode()
            )
        self.assertIn("月维修回访结果统计表", html)
        self.assertIn(self.shop_a.name, html)
        self.assertRegex(html, r"第 1 页 / 共 \d+ 页")
        self.assertIn("<span>33.3</span> % (<span>1</span> / <span>3</span>)", html)
        self.assertIn("<span>50.0</span> % (<span>1</span> / <span>2</span>)", html)
        self.assertIn(self.agent_a2.name, html)
        self.assertIn("6/29-6/30", html)
        self.assertNotIn(self.shop_b.name, html)
