# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The manager's dashboard (#16): its one call's figures on a known data set, the domains
behind them giving the same counts, each shop seeing its own.

On 10 June 2026 at 10:00 in Beijing:

- shop A: satisfaction calls done on 20 May (all good) and on 2 and 3 June (one with the
  poor answer "等待时间太长"), one due on 5 June still pending (overdue), a second
  follow-up due on 12 June; complaints open since 8 June 00:30 (2 days, though still 7
  June in UTC), since 31 May (10 days) and one of 1 June resolved;
- shop B: a satisfaction call due on 4 June still pending (overdue), a complaint open
  since 1 April (70 days).
"""

import json
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import json_default

from .common import TODAY, DealerGroupCase, beijing

MAY_20, JUNE_2, JUNE_3 = date(2026, 5, 20), date(2026, 6, 2), date(2026, 6, 3)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDashboard(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        visits = cls.env["fleet.aftersales.visit"].search(
            [("company_id", "=", cls.shop_a.id), ("state", "=", "delivered")], limit=3
        )
        for visit, day, poor in zip(
            visits, (MAY_20, JUNE_2, JUNE_3), (False, "等待时间太长", False), strict=True
        ):
            cls._call("a", day, done=True, poor=poor, visit=visit)
        cls._call("a", date(2026, 6, 5))
        cls._call("a", date(2026, 6, 12), kind="second_followup")
        cls._call("b", date(2026, 6, 4))
        cls._complaint("a", beijing(date(2026, 6, 8), 0, 30))
        cls._complaint("a", beijing(date(2026, 5, 31), 15))
        cls._complaint("a", beijing(date(2026, 6, 1), 9)).with_user(cls.manager_a).action_cancel()
        cls._complaint("b", beijing(date(2026, 4, 1), 9))

    @classmethod
    def _call(cls, key, day, kind="satisfaction", done=False, poor=False, visit=None):
        """A call of shop ``key`` (after ``visit``, received by the shop's advisor), due
        on ``day``, made by its agent; done that day with every answer "Very Good" but the
        first, Poor with the reason ``poor``."""
        customer = visit.partner_id if visit else getattr(cls, f"history_{key}")[0]
        with cls.at_beijing(day, 10):
            call = cls.make_call(key, kind, day, customer, visit_id=visit.id if visit else False)
            if done:
                call.answer_ids.write({"rating": "5"})
                if poor:
                    call.answer_ids.sorted("sequence")[0].write({"rating": "2", "reason": poor})
                call.action_done()
        return call

    @classmethod
    def _complaint(cls, key, registered):
        agent = getattr(cls, f"agent_{key}")
        return (
            cls.env["fleet.aftersales.complaint"]
            .with_user(agent)
            .create(
                {
                    "partner_id": getattr(cls, f"history_{key}")[1].id,
                    "description": "保养后异响",
                    "user_id": agent.id,
                    "date_registered": registered,
                }
            )
        )

    def data(self, user, companies=None, **kwargs):
        """The dashboard's figures as ``user`` reads them on ``TODAY`` at 10:00 in
        Beijing, the ``companies`` (else all of the user's) ticked in the switcher."""
        companies = companies or user.company_ids
        Dashboard = (
            self.env["fleet.aftersales.dashboard"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
        )
        with self.at_beijing(TODAY, 10):
            return Dashboard.get_dashboard_data(**kwargs)

    def cards(self, data):
        return {card["key"]: card["value"] for card in data["cards"]}

    def named(self, rows):
        return [(row["name"], row["count"]) for row in rows]

    def test_figures_of_a_known_month(self):
        data = self.data(self.manager_a)
        self.assertEqual(data["period"], "2026-06")
        self.assertEqual(data["companies"], [self.shop_a.name])
        cards = self.cards(data)
        self.assertEqual(cards["calls_overdue"], 1)
        self.assertEqual(cards["complaints_open"], 2)
        self.assertEqual(cards["callback_rate"], 50.0, "2 done of 4 due in June")
        self.assertEqual(cards["satisfaction_rate"], 50.0, "1 of 2 rated satisfaction calls")
        months = data["months"]
        self.assertEqual(len(months["labels"]), 12)
        self.assertEqual((months["labels"][0], months["labels"][-1]), ("2025-07", "2026-06"))
        self.assertEqual(months["callback_rate"][-2:], [100.0, 50.0])
        self.assertEqual(months["due"][-2:], [1, 4])
        self.assertEqual(months["satisfaction_rate"][-2:], [100.0, 50.0])
        self.assertEqual(months["rated"], [0] * 10 + [1, 2])
        self.assertEqual(months["target_satisfaction_rate"], 98.0)
        self.assertEqual(self.named(data["reasons"]), [("等待时间太长", 1)])
        self.assertEqual(self.named(data["overdue_by_agent"]), [(self.agent_a.name, 1)])
        self.assertEqual(
            [row["count"] for row in data["complaint_aging"]],
            [1, 0, 1, 0, 0],
            "open 2 days by Beijing's clock (3 by UTC's) and 10 days; the cancelled one not",
        )
        [advisor] = data["by_advisor"]
        self.assertEqual(advisor["name"], self.advisor_a.name)
        self.assertLess(advisor["rate"], 100.0)
        # what the web client receives
        json.dumps(data, default=json_default)

    def test_answers_without_advisor_are_a_named_row(self):
        """A call after no visit (no advisor) is a row of its own, named as
        Odoo's graph views name an empty group, in the reader's language; it opens its
        answers."""
        self._call("a", JUNE_3, done=True)
        Dashboard = (
            self.env["fleet.aftersales.dashboard"]
            .with_user(self.manager_a)
            .with_context(lang="zh_CN", allowed_company_ids=self.shop_a.ids)
        )
        with self.at_beijing(TODAY, 10):
            data = Dashboard.get_dashboard_data()
        names = {row["name"]: row for row in data["by_advisor"]}
        self.assertEqual(set(names), {self.advisor_a.name, "未指定服务顾问"})
        Answer = self.env[data["answer_model"]].with_user(self.manager_a)
        with self.at_beijing(TODAY, 10):
            for row in data["by_advisor"] + data["by_department"]:
                self.assertEqual(Answer.search_count(row["domain"]), row["count"], row["name"])

    def test_each_figure_opens_as_many_records(self):
        for user in (self.manager_a, self.group_manager):
            with self.subTest(user=user.login):
                data = self.data(user)
                with self.at_beijing(TODAY, 10):
                    self.assert_domains_count(user, data)

    def assert_domains_count(self, user, data):
        """Each number of ``data`` is the count of the records its domain finds, as
        ``user`` searches them (the rates: their whole)."""
        env = self.env(user=user, context=dict(allowed_company_ids=user.company_ids.ids))
        checked = 0
        for card in data["cards"]:
            if card["unit"] != "%":
                self.assertEqual(env[card["model"]].search_count(card["domain"]), card["value"])
                checked += 1
        months = data["months"]
        for domains, counts in (
            (months["callback_domains"], months["due"]),
            (months["satisfaction_domains"], months["rated"]),
        ):
            found = [env["fleet.aftersales.callback"].search_count(d) for d in domains]
            self.assertEqual(found, counts)
            checked += 1
        for key, model in (
            ("by_advisor", data["answer_model"]),
            ("by_department", data["answer_model"]),
            ("reasons", data["answer_model"]),
            ("overdue_by_agent", data["callback_model"]),
            ("complaint_aging", data["complaint_model"]),
        ):
            for row in data[key]:
                self.assertEqual(env[model].search_count(row["domain"]), row["count"], key)
                checked += 1
        self.assertGreater(checked, 15)

    def test_each_shop_sees_its_own(self):
        data_b = self.data(self.manager_b)
        self.assertEqual(self.named(data_b["overdue_by_agent"]), [(self.agent_b.name, 1)])
        self.assertEqual([row["count"] for row in data_b["complaint_aging"]], [0, 0, 0, 0, 1])
        self.assertEqual(self.cards(data_b)["callback_rate"], 0.0, "nothing done in B")
        self.assertEqual(data_b["reasons"], [])
        group = self.data(self.group_manager)
        self.assertEqual(self.cards(group)["calls_overdue"], 2)
        self.assertEqual(sum(row["count"] for row in group["complaint_aging"]), 3)
        self.assertEqual(group["months"]["due"][-1], 5)
        # the group manager with shop B ticked alone sees what B's manager sees
        only_b = self.data(self.group_manager, self.shop_b)
        self.assertEqual(only_b["cards"], data_b["cards"])
        self.assertEqual(only_b["complaint_aging"], data_b["complaint_aging"])
        only_b = self.data(self.group_manager, company_ids=self.shop_b.ids)
        self.assertEqual(only_b["cards"], data_b["cards"])
        # a shop's manager cannot ask for the other shop
        with self.assertRaises(AccessError):
            self.data(self.manager_a, company_ids=self.shop_b.ids)

    def test_managers_only(self):
        for user in (self.agent_a, self.advisor_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.data(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env.ref("fleet_aftersales.fleet_aftersales_dashboard_action").with_user(
                    user
                ).run()

    def test_the_menu_opens_the_client_action(self):
        action = (
            self.env.ref("fleet_aftersales.fleet_aftersales_dashboard_action")
            .with_user(self.manager_a)
            .run()
        )
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "fleet_aftersales.dashboard")

    def test_queries_do_not_grow_with_the_records(self):
        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.data(self.manager_a)
            return self.env.cr.sql_log_count - before

        queries()  # caches warmed up
        baseline = queries()
        self.assertGreater(baseline, 10)
        for day in range(4, 10):
            self._call("a", date(2026, 6, day), kind="second_followup", done=True, poor="太贵")
            self._complaint("a", beijing(date(2026, 6, day), 9))
        self.assertEqual(queries(), baseline)
