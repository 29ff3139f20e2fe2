# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each shop's statistics count only its own, and read as its managers see them (#14).

A known June 2026 in each shop of the dealer group, the calls made and answered by the
shop's own agent:

- shop A: three satisfaction calls (two all good, one with three poor answers: two
  reasons typed without a tag, "等待时间太长。" and "等待时间太长", and the tag 价格太高),
  two campaign invitations rated "Very Poor" (not interested, "没时间"), one lost-customer
  call rated "Fair"; suggestions "停车位太少", "停车位太少！", "More  parking", "more parking";
- shop B: two satisfaction calls (one all good, one with the typed reason "等待时间太长"),
  one campaign invitation rated "Very Good"; the suggestion "停车位太少";
- the history of the fixture: in each shop the customer last seen on 10 December 2025 is
  lost on 10 June (six months), of the four customers active on 1 June.
"""

from datetime import date

from odoo.tests import BaseCase, tagged

from ..models.fleet_aftersales_statistics import became_lost, group_texts, normalize_text
from .common import DealerGroupCase, beijing

JUNE = (date(2026, 6, 1), date(2026, 6, 30))
MONTHLY = "fleet_aftersales.ir_cron_mail_monthly_statistics"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDealerGroupStatistics(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.price = cls.env["fleet.aftersales.reason.tag"].create({"name": "价格太高"})
        waiting = ("2", "等待时间太长。")
        for key, kind, day, ratings, suggestion in (
            ("a", "satisfaction", 2, [], "停车位太少"),
            ("a", "satisfaction", 3, [], "停车位太少！"),
            (
                "a",
                "satisfaction",
                4,
                [waiting, ("1", "等待时间太长"), ("2", cls.price)],
                "More  parking",
            ),
            ("a", "campaign", 5, [("1", "没时间")], "more parking"),
            ("a", "campaign", 6, [("1", "没时间")], False),
            ("a", "lost_customer", 7, ["3", "3"], False),
            ("b", "satisfaction", 2, [], "停车位太少"),
            ("b", "satisfaction", 3, [("2", "等待时间太长")], False),
            ("b", "campaign", 4, ["5"], False),
        ):
            cls._answered_call(key, kind, date(2026, 6, day), ratings, suggestion)
        cls.Statistics = cls.env["fleet.aftersales.statistics"]

    @classmethod
    def _answered_call(cls, key, kind, day, ratings, suggestion):
        """A call of shop ``key`` due and done on ``day``, made by the shop's agent, its
        questions rated ``ratings`` in order (``"5"``, or ``(rating, reason text or tag)``),
        the others "Very Good"."""
        customer = getattr(cls, f"history_{key}")[day.day % 3]
        with cls.at_beijing(day, 10):
            call = cls.make_call(key, kind, day, customer)
            answers = call.answer_ids.sorted("sequence")
            for answer, rating in zip(answers, ratings, strict=False):
                rating, reason = rating if isinstance(rating, tuple) else (rating, False)
                vals = {"rating": rating}
                if isinstance(reason, str):
                    vals["reason"] = reason
                elif reason:
                    vals["reason_tag_ids"] = [(6, 0, reason.ids)]
                answer.write(vals)
            answers.filtered(lambda a: not a.rating).write({"rating": "5"})
            vals = {"suggestion": suggestion}
            if kind == "lost_customer":
                vals["lost_reason_id"] = cls.env.ref("fleet_aftersales.lost_reason_price").id
            call.write(vals)
            call.action_done()
        return call

    def stats(self, user, shop):
        """The June figures of ``shop`` as ``user`` reads them, every company of the user
        ticked in the company switcher."""
        service = self.Statistics.with_user(user).with_context(
            allowed_company_ids=(shop | user.company_ids).ids
        )
        return service._get_statistics(shop, *JUNE)

    def assert_each_shop(self, figures, expected, msg=None):
        """``figures(stats)`` is ``expected[shop]`` for each shop, read by its managers and
        by the group manager."""
        for user, shop in (
            (self.manager_a, self.shop_a),
            (self.manager_b, self.shop_b),
            (self.group_manager, self.shop_a),
            (self.group_manager, self.shop_b),
        ):
            with self.subTest(user=user.login, shop=shop.name):
                self.assertEqual(figures(self.stats(user, shop)), expected[shop], msg)

    @staticmethod
    def named(rows):
        return [(r["name"], r["count"]) for r in rows]

    # ---- satisfaction ----

    def test_satisfaction_rate_by_kind(self):
        self.assert_each_shop(
            lambda s: {
                r["type"]: (r["rated"], r["satisfied"], r["rate"])
                for r in s["satisfaction_by_type"]
            },
            {
                self.shop_a: {
                    "satisfaction": (3, 2, 66.7),
                    "campaign": (2, 0, 0.0),
                    "lost_customer": (1, 0, 0.0),
                },
                self.shop_b: {"satisfaction": (2, 1, 50.0), "campaign": (1, 1, 100.0)},
            },
        )

    def test_headline_satisfaction_rate_from_satisfaction_calls(self):
        self.assert_each_shop(
            lambda s: (s["rated"], s["satisfied"], s["satisfaction_rate"]),
            {self.shop_a: (3, 2, 66.7), self.shop_b: (2, 1, 50.0)},
            "the headline counts the satisfaction calls only",
        )

    def test_department_and_advisor_scores_leave_out_campaign_and_lost_answers(self):
        s = self.stats(self.manager_a, self.shop_a)
        care = self.env.ref("fleet_aftersales.department_customer_care").with_user(self.manager_a)
        row = next(r for r in s["by_department"] if r["name"] == care.display_name)
        # the satisfaction calls' overall question only: rated 5, 5, 5
        self.assertEqual((row["count"], row["rate"]), (3, 100.0))

    # ---- reasons and suggestions ----

    def test_top_reasons_count_typed_reasons_by_normalised_text(self):
        self.assert_each_shop(
            lambda s: self.named(s["top_reasons"]),
            {
                self.shop_a: [("等待时间太长", 2), ("价格太高", 1)],
                self.shop_b: [("等待时间太长", 1)],
            },
            "typed reasons counted, a campaign's 没时间 is no dissatisfaction",
        )

    def test_suggestions_grouped_by_normalised_text(self):
        self.assert_each_shop(
            lambda s: self.named(s["top_suggestions"]),
            {
                self.shop_a: [("More parking", 2), ("停车位太少", 2)],
                self.shop_b: [("停车位太少", 1)],
            },
        )

    # ---- lost customers, complaints: each shop its own ----

    def test_lost_customers_counted_per_shop(self):
        self.assert_each_shop(
            lambda s: (s["lost"], s["active_customers"], s["lost_rate"]),
            {self.shop_a: (1, 4, 25.0), self.shop_b: (1, 4, 25.0)},
        )
        price = self.env.ref("fleet_aftersales.lost_reason_price").with_user(self.manager_a)
        self.assert_each_shop(
            lambda s: self.named(s["lost_reasons"]),
            {self.shop_a: [(price.name, 1)], self.shop_b: []},
        )

    def test_a_customer_who_left_one_shop_is_lost_to_it_only(self):
        # shop B's customer last seen in December comes back in May: lost to B on 10 June
        # no more; shop A's figures do not move
        customer = self.history_b[3]
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.advisor_b)
            .create(
                {
                    "vehicle_id": customer.vehicle_ids.id,
                    "advisor_id": self.advisor_b.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(date(2026, 5, 20), 9),
                    "odometer": 30000,
                }
            )
        )
        with self.at_beijing(date(2026, 5, 20), 17):
            visit.action_deliver()
        self.assertEqual(self.stats(self.group_manager, self.shop_b)["lost"], 0)
        self.assertEqual(self.stats(self.group_manager, self.shop_a)["lost"], 1)

    def test_complaints_counted_per_shop(self):
        with self.at_beijing(date(2026, 6, 12), 10):
            self.env["fleet.aftersales.complaint"].with_user(self.agent_b).create(
                {
                    "partner_id": self.history_b[0].id,
                    "description": "保养后异响",
                    "user_id": self.agent_b.id,
                }
            )
        self.assert_each_shop(lambda s: s["complaints"]["opened"], {self.shop_a: 0, self.shop_b: 1})

    # ---- what the managers see: dashboard and PDF ----

    def test_dashboard_headline_is_the_satisfaction_calls(self):
        for user, rate in ((self.manager_a, 66.7), (self.manager_b, 50.0)):
            with self.subTest(user=user.login), self.at_beijing(date(2026, 6, 30), 23, 30):
                data = (
                    self.env["fleet.aftersales.dashboard"]
                    .with_user(user)
                    .with_context(allowed_company_ids=user.company_id.ids)
                    .get_dashboard_data()
                )
                cards = {card["key"]: card["value"] for card in data["cards"]}
                self.assertEqual(cards["satisfaction_rate"], rate)
                self.assertEqual(cards["lost_rate"], 25.0)

    def test_monthly_pdf_shows_the_rates_by_kind(self):
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(lang="en_US")
            ._render_qweb_html(
                "fleet_aftersales.action_report_monthly_statistics",
                self.shop_a.ids,
                data={"month": "2026-06-01"},
            )
        )
        html = html.decode()
        self.assertIn("<span>66.7</span> % (<span>2</span> / <span>3</span>)", html, "headline")
        table = html[html.index("Satisfaction by Type") : html.index("Score per Question")]
        rows = [
            ("Satisfaction Call", 3, 2, "66.7"),
            ("Campaign Invitation", 2, 0, "0.0"),
            ("Lost Customer", 1, 0, "0.0"),
        ]
        for label, rated, satisfied, rate in rows:
            self.assertRegex(
                table,
                rf"{label}</span></td>\s*<td[^>]*><span>{rated}</span></td>\s*"
                rf"<td[^>]*><span>{satisfied}</span></td>\s*<td[^>]*><span>{rate}</span> %",
            )
        self.assertIn("等待时间太长", html)

    # ---- the monthly mail: each shop on its own day, to its managers, in their language ----

    def logs(self):
        return self.env["fleet.aftersales.statistics.mail"].search(
            [("company_id", "in", (self.shop_a | self.shop_b).ids), ("kind", "=", "monthly")]
        )

    def test_monthly_mail_not_sent_at_half_past_11pm_on_the_2nd(self):
        self.run_action(MONTHLY, date(2026, 7, 2), 23, 30)
        self.assertFalse(self.logs(), "still the 2nd in Beijing")

    def test_monthly_mail_sent_at_1am_on_the_3rd_in_chinese(self):
        # 01:00 on 3 July in Beijing: 2 July, 17:00 for OdooBot (UTC)
        self.run_action(MONTHLY, date(2026, 7, 3), 1)
        logs = self.logs()
        self.assertEqual(logs.company_id, self.shop_a | self.shop_b)
        for log in logs:
            manager = self.manager_a if log.company_id == self.shop_a else self.manager_b
            self.assertEqual((log.date_from, log.date_to), JUNE)
            self.assertEqual(
                log.recipient_ids, (manager | self.group_manager).partner_id, "its managers"
            )
            self.assertEqual(len(log.mail_ids), 1, "one language")
            self.assertIn("售后统计", log.mail_ids.subject)
            self.assertIn("您好", log.mail_ids.body_html)
            self.assertNotIn("Attached are", log.mail_ids.body_html)
            self.assertTrue(log.mail_ids.attachment_ids)
        self.run_action(MONTHLY, date(2026, 7, 3), 23, 30)
        self.assertEqual(self.logs(), logs, "once a month")

    def test_monthly_mail_one_a_language(self):
        self.group_manager.lang = "en_US"
        self.run_action(MONTHLY, date(2026, 7, 3), 1)
        log = self.logs().filtered(lambda lg: lg.company_id == self.shop_a)
        by_reader = {mail.recipient_ids: mail for mail in log.mail_ids}
        self.assertEqual(set(by_reader), {self.manager_a.partner_id, self.group_manager.partner_id})
        self.assertIn("售后统计", by_reader[self.manager_a.partner_id].subject)
        self.assertIn("after-sales statistics", by_reader[self.group_manager.partner_id].subject)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestTextRules(BaseCase):
    """The rules without a database: normalised texts and the lost day."""

    def test_normalize_text(self):
        for text, key in (
            ("  More   parking ", "more parking"),
            ("停车位太少！", "停车位太少"),
            ("停车位太少。", "停车位太少"),
            ("ＡＢＣ，价格 太高", "abc,价格 太高"),
            ("！！", ""),
            (False, ""),
        ):
            self.assertEqual(normalize_text(text), key, text)

    def test_group_texts_names_by_the_most_frequent_wording(self):
        rows = group_texts([("more parking", 1), ("More parking", 2), ("  ", 4), ("Coffee", 1)])
        self.assertEqual(
            sorted((r["name"], r["count"]) for r in rows), [("Coffee", 1), ("More parking", 3)]
        )
        rows = group_texts([("t-wait", 3), ("T-Wait", 1)], preferred={"T-Wait"})
        self.assertEqual(rows, [{"name": "T-Wait", "count": 4}], "a tag keeps its name")

    def test_became_lost(self):
        june = (date(2026, 6, 1), date(2026, 6, 30))
        self.assertTrue(became_lost([date(2025, 12, 10)], 6, *june))
        self.assertTrue(became_lost([date(2025, 12, 31)], 6, *june), "lost on 30 June")
        self.assertFalse(became_lost([date(2026, 1, 1)], 6, *june), "lost in July")
        self.assertFalse(became_lost([date(2025, 12, 10), date(2026, 5, 1)], 6, *june), "back")
        self.assertTrue(
            became_lost([date(2025, 12, 10), date(2026, 6, 20)], 6, *june), "lost, then back"
        )
