# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The reporting rhythm (#18): the daily report before 9:00 to the after-sales managers,
the week per department to each department's head on Monday, the monthly complaint
resolution list, the quarterly and yearly summaries; each printed with the module's layout
in the reader's language and mailed once by the hourly scheduled action, each shop on
its own clock.

The known data set, in shop A, calls first due on Wednesday 10 June 2026 (satisfaction
calls, done by the shop's agent that day): one all "Very Good"; one whose first question
(Reception) is rated "Poor" for "等待时间太长"; one unreachable; one not answered yet
(to call again). Shop B: one satisfied call the same day. The heads: 前台主管 of
Reception and 车间主管 of the Workshop, both of shop A. A complaint of shop A registered
on 3 June, committed for 5 June and still open (late).
"""

from datetime import date

from odoo.tests import tagged

from .common import DealerGroupCase

RHYTHM = "fleet_aftersales.ir_cron_mail_rhythm_reports"
DAY = date(2026, 6, 10)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestReportingRhythm(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop_a.aftersales_callback_max_attempts = 1
        cls.reception = cls.env.ref("fleet_aftersales.department_reception")
        cls.workshop = cls.env.ref("fleet_aftersales.department_workshop")
        cls.reception_head = cls.make_shop_user(
            cls.shop_a,
            "fa_reception_head",
            "前台主管",
            "fleet_aftersales.fleet_aftersales_group_user",
        )
        cls.workshop_head = cls.make_shop_user(
            cls.shop_a,
            "fa_workshop_head",
            "车间主管",
            "fleet_aftersales.fleet_aftersales_group_user",
        )
        cls.reception.manager_id = cls.reception_head
        cls.workshop.manager_id = cls.workshop_head
        customers = cls.history_a
        with cls.at_beijing(DAY, 10):
            cls.satisfied = cls._done_call("a", customers[0], "5")
            cls.poor = cls._done_call("a", customers[1], ("2", "等待时间太长"))
            cls.unreachable = cls.make_call("a", "satisfaction", DAY, customers[2])
            cls.unreachable.with_user(cls.agent_a).action_no_answer()
            cls.again = cls.make_call("a", "satisfaction", DAY, customers[3])
            cls._done_call("b", cls.history_b[0], "5")
        with cls.at_beijing(date(2026, 6, 3), 10):
            cls.complaint = (
                cls.env["fleet.aftersales.complaint"]
                .with_user(cls.manager_a)
                .create(
                    {
                        "partner_id": customers[4].id,
                        "description": "等了两个小时才交车",
                        "department_id": cls.reception.id,
                        "user_id": cls.manager_a.id,
                        "date_deadline": date(2026, 6, 5),
                    }
                )
            )

    @classmethod
    def _done_call(cls, key, customer, first_rating):
        call = cls.make_call(key, "satisfaction", DAY, customer)
        answers = call.answer_ids.sorted("sequence")
        rating, reason = first_rating if isinstance(first_rating, tuple) else (first_rating, "")
        answers[:1].write({"rating": rating, "reason": reason or False})
        answers[1:].write({"rating": "5"})
        call.action_done()
        return call

    def logs(self, kind, shop=None):
        return self.env["fleet.aftersales.statistics.mail"].search(
            [("kind", "=", kind), ("company_id", "in", (shop or self.shop_a | self.shop_b).ids)]
        )

    def render(self, user, xmlid, data):
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=user.lang, allowed_company_ids=user.company_id.ids)
            ._render_qweb_html(xmlid, user.company_id.ids, data=data)
        )
        return html.decode()

    def assert_layout(self, html, title, shop):
        self.assertIn(title, html)
        self.assertIn(shop.name, html)
        self.assertIn("第 1 页 / 共 1 页", html)

    # ---- daily: 售后维修客户日报表 ----

    def test_daily_report_classifies_the_calls_of_the_day(self):
        report = self.env["fleet.aftersales.statistics"].with_user(self.manager_a)
        values = report._get_daily_report(self.shop_a, DAY)
        self.assertEqual(values["satisfied"], self.satisfied)
        self.assertEqual(values["dissatisfied"].callback_id, self.poor)
        self.assertEqual(values["dissatisfied"].department_id, self.reception)
        self.assertEqual(values["unreachable"], self.unreachable)
        self.assertEqual(values["call_again"], self.again)
        self.assertEqual((values["calls"], values["satisfaction_rate"]), (4, 50.0))

    def test_daily_report_prints_in_chinese_with_the_layout(self):
        html = self.render(
            self.manager_a,
            "fleet_aftersales.action_report_daily_customer",
            {"date_from": "2026-06-10"},
        )
        self.assert_layout(html, "售后维修客户日报表", self.shop_a)
        self.assertIn("等待时间太长", html)
        self.assertNotIn(self.history_b[0].name, html, "shop B's call is not shop A's")

    def test_daily_mail_from_8am_once_to_the_managers(self):
        self.run_action(RHYTHM, date(2026, 6, 11), 7, 30)
        self.assertFalse(self.logs("daily"), "not before 08:00 in Beijing")
        self.run_action(RHYTHM, date(2026, 6, 11), 8, 5)
        self.run_action(RHYTHM, date(2026, 6, 11), 8, 40)
        logs = self.logs("daily")
        self.assertEqual(logs.company_id, self.shop_a | self.shop_b, "once per shop")
        log = self.logs("daily", self.shop_a)
        self.assertEqual((log.date_from, log.date_to), (DAY, DAY))
        self.assertEqual(log.recipient_ids, (self.manager_a | self.group_manager).partner_id)
        self.assertEqual(len(log.mail_ids), 1, "one language")
        self.assertIn("售后维修客户日报表", log.mail_ids.subject)
        self.assertIn("您好", log.mail_ids.body_html)
        self.assertIn("等待时间太长", log.mail_ids.attachment_ids.raw.decode())

    # ---- weekly, per department ----

    def test_weekly_mail_on_monday_to_each_head_with_its_rows(self):
        monday = date(2026, 6, 15)
        self.run_action(RHYTHM, monday, 7, 30)
        self.assertFalse(
            self.logs("weekly").filtered(lambda log: log.date_from == date(2026, 6, 8))
        )
        self.run_action(RHYTHM, monday, 8, 5)
        self.run_action(RHYTHM, monday, 9, 5)
        log = self.logs("weekly", self.shop_a).filtered(
            lambda log: log.date_from == date(2026, 6, 8)
        )
        self.assertEqual(len(log), 1, "once")
        self.assertEqual(log.date_to, date(2026, 6, 14))
        self.assertEqual(len(log.mail_ids), 2, "one mail a head")
        by_head = {mail.recipient_ids: mail for mail in log.mail_ids}
        reception = by_head[self.reception_head.partner_id]
        workshop = by_head[self.workshop_head.partner_id]
        self.assertIn("前台", reception.body_html, "its department named in Chinese")
        self.assertIn("周报", reception.subject)
        self.assertIn("等待时间太长", reception.attachment_ids.raw.decode())
        self.assertNotIn("等待时间太长", workshop.attachment_ids.raw.decode(), "its rows only")

    def test_weekly_report_prints_in_chinese_with_the_rate(self):
        html = self.render(
            self.manager_a,
            "fleet_aftersales.action_report_weekly_department",
            {"date_from": "2026-06-10", "department_ids": self.reception.ids},
        )
        self.assert_layout(html, "部门回访周报", self.shop_a)
        self.assertIn("<span>50.0</span> % (<span>1</span> / <span>2</span>)", html)

    # ---- monthly: 客户投诉问题解决情况表 ----

    def test_complaint_list_marks_the_late_ones(self):
        with self.at_beijing(date(2026, 7, 3), 10):
            rows = (
                self.env["fleet.aftersales.statistics"]
                .with_user(self.manager_a)
                ._get_complaint_list(self.shop_a, date(2026, 6, 1), date(2026, 6, 30))
            )
            html = self.render(
                self.manager_a,
                "fleet_aftersales.action_report_complaint_list",
                {"month": "2026-06-01"},
            )
        self.assertEqual(
            [(r["complaint"], r["is_late"], r["close_days"]) for r in rows],
            [(self.complaint, True, None)],
        )
        self.assert_layout(html, "客户投诉问题解决情况表", self.shop_a)
        self.assertIn("等了两个小时才交车", html)

    def test_monthly_mail_attaches_the_complaint_list(self):
        self.run_action("fleet_aftersales.ir_cron_mail_monthly_statistics", date(2026, 7, 3), 1)
        log = self.logs("monthly", self.shop_a)
        self.assertEqual(len(log.mail_ids.attachment_ids), 2)
        self.assertIn(
            "等了两个小时才交车", "".join(a.raw.decode() for a in log.mail_ids.attachment_ids)
        )

    # ---- quarterly and yearly ----

    def test_quarterly_summary_on_the_3rd(self):
        self.run_action(RHYTHM, date(2026, 7, 2), 9)
        self.assertFalse(
            self.logs("quarterly").filtered(lambda log: log.date_from == date(2026, 4, 1))
        )
        self.run_action(RHYTHM, date(2026, 7, 3), 8, 5)
        self.run_action(RHYTHM, date(2026, 7, 3), 9, 5)
        log = self.logs("quarterly", self.shop_a).filtered(
            lambda log: log.date_from == date(2026, 4, 1)
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.date_to, date(2026, 6, 30))
        self.assertEqual(log.recipient_ids, (self.manager_a | self.group_manager).partner_id)
        self.assertIn("售后总结", log.mail_ids.subject)

    def test_summary_figures_and_print(self):
        summary = (
            self.env["fleet.aftersales.statistics"]
            .with_user(self.manager_a)
            ._get_summary(self.shop_a, date(2026, 4, 1), date(2026, 6, 30))
        )
        june = summary["months"][2]
        self.assertEqual((june["due"], june["done"], june["satisfaction_rate"]), (4, 2, 50.0))
        self.assertEqual([m["due"] for m in summary["months"][:2]], [0, 0])
        self.assertEqual(
            [(r["name"], r["count"]) for r in summary["top_reasons"]], [("等待时间太长", 1)]
        )
        html = self.render(
            self.manager_a,
            "fleet_aftersales.action_report_summary",
            {"date_from": "2026-06-10", "kind": "yearly"},
        )
        self.assert_layout(html, "年度总结", self.shop_a)
