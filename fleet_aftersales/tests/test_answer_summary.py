# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rated answers' daily summary (``fleet.aftersales.answer.summary``, #20): the
statistics read from it give the figures of the answers themselves at every moment.

June 2026 in each shop (answered by the shop's agent, in Beijing time): shop A two
satisfaction calls (one with a poor answer) and a campaign call; shop B one satisfaction
call. "Raw" below is the same service with the summary switched off."""

import importlib.util
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo.tests import tagged

from ..hooks import uninstall_hook
from .common import TODAY, DealerGroupCase

SUMMARY = "fleet.aftersales.answer.summary"
ACTION = "fleet_aftersales.ir_cron_summarise_answers"
PERIOD = (date(2026, 6, 1), TODAY)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestAnswerSummary(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for key, kind, day, ratings in (
            ("a", "satisfaction", 2, ["5", "4"]),
            ("a", "satisfaction", 3, ["2", "5"]),
            ("a", "campaign", 4, ["3"]),
            ("b", "satisfaction", 2, ["1", "4"]),
        ):
            cls._answered_call(cls.make_call, key, kind, date(2026, 6, day), ratings)
        cls.Statistics = cls.env["fleet.aftersales.statistics"]

    @classmethod
    def _answered_call(cls, make_call, key, kind, day, ratings):
        """A call of shop ``key`` done on ``day`` (made by ``make_call``), its questions
        rated ``ratings`` in order, the others "Very Good"."""
        customer = getattr(cls, f"history_{key}")[day.day % 3]
        with cls.at_beijing(day, 10):
            call = make_call(key, kind, day, customer)
            answers = call.answer_ids.sorted("sequence")
            for answer, rating in zip(answers, ratings, strict=False):
                answer.write({"rating": rating, "reason": "等待时间太长"})
            answers.filtered(lambda a: not a.rating).write({"rating": "5"})
            call.action_done()
        return call

    def figures(self, user, shop, raw=False):
        """The answers' figures of the period as ``user`` reads them (``raw``: from the
        answers themselves)."""
        service = self.Statistics.with_user(user).with_context(
            allowed_company_ids=(shop | user.company_ids).ids
        )
        switch_off = patch.object(
            type(self.Statistics), "_may_read_answer_summary", return_value=False
        )
        with switch_off if raw else nullcontext():
            stats = service._get_statistics(shop, *PERIOD)
        return {key: stats[key] for key in ("questions", "by_department", "by_advisor")}

    def assert_exact(self, users=None):
        for user, shop in users or (
            (self.manager_a, self.shop_a),
            (self.manager_b, self.shop_b),
            (self.group_manager, self.shop_b),
        ):
            with self.subTest(user=user.login, shop=shop.name):
                self.assertEqual(self.figures(user, shop), self.figures(user, shop, raw=True))

    def summarise(self):
        self.run_action(ACTION)
        self.env.invalidate_all()

    def test_summary_rows_and_idempotent(self):
        """The daily action sums June up once: run twice, the same rows, none doubled."""
        before = self.figures(self.manager_a, self.shop_a)
        self.summarise()
        Summary = self.env[SUMMARY]
        rows = Summary.search_read([], ["company_id", "day", "count", "rating_sum"])
        self.assertTrue(rows)
        self.summarise()
        self.assertEqual(
            Summary.search_read([], ["company_id", "day", "count", "rating_sum"]), rows
        )
        self.assertEqual(self.figures(self.manager_a, self.shop_a), before)
        self.assert_exact()

    def test_summary_is_read(self):
        """A manager's statistics read the summary: what it holds is what they count."""
        self.summarise()
        before = self.figures(self.manager_a, self.shop_a)
        summary = self.env[SUMMARY].search([("company_id", "=", self.shop_a.id)])
        for row in summary:
            row.rating_sum = row.count  # every answer "Very Poor"
        self.env.flush_all()
        self.assertNotEqual(self.figures(self.manager_a, self.shop_a), before)

    def test_call_done_today(self):
        """A call done today is read from the answers, beside the summarised June."""
        self.summarise()
        self._answered_call(self.make_call, "a", "satisfaction", TODAY, ["1"])
        self.assert_exact()

    def test_old_answer_edited(self):
        """An answer of June rated again (by a manager: a done call's answers are his to
        correct) marks its day: read from the answers until the
        daily action sums it up again, exact all along."""
        self.summarise()
        before = self.figures(self.manager_a, self.shop_a)
        answer = self.env["fleet.aftersales.callback.answer"].search(
            [("company_id", "=", self.shop_a.id), ("rating", "=", "5")], limit=1
        )
        answer.with_user(self.manager_a).write({"rating": "1", "reason": "太贵"})
        self.env.flush_all()
        self.assertNotEqual(self.figures(self.manager_a, self.shop_a), before)
        self.assert_exact()
        self.summarise()
        self.assert_exact()
        self.env.cr.execute("SELECT count(*) FROM fleet_aftersales_answer_summary_dirty")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_callback_moved_to_other_day(self):
        """A done call's day changed: both days marked, the figures follow."""
        self.summarise()
        call = self.env["fleet.aftersales.callback"].search(
            [("company_id", "=", self.shop_a.id), ("callback_type", "=", "campaign")]
        )
        call.date_done = date(2026, 6, 20)
        self.env.flush_all()
        self.assert_exact()

    def test_shops_apart(self):
        """Shop A's manager never reads shop B's rows, in the statistics nor the model."""
        self.summarise()
        self.assert_exact()
        rows = self.env[SUMMARY].with_user(self.manager_a).search([])
        self.assertEqual(rows.company_id, self.shop_a)
        self.assertTrue(
            self.env[SUMMARY].search([("company_id", "=", self.shop_b.id)]),
            "shop B has rows of its own",
        )
        # shop A's figures, were shop B's rows counted with them, would differ
        self.assertNotEqual(
            self.figures(self.manager_a, self.shop_a), self.figures(self.manager_b, self.shop_b)
        )

    def test_restricted_user_reads_answers(self):
        """An agent sees the answers of his own calls only: the summary (the whole shop's)
        is not his; his figures are his answers', not the shop's."""
        agent_2 = self.make_second_agent_a()

        def call_of_agent_2(key, kind, day, partner):
            return (
                self.env["fleet.aftersales.callback"]
                .with_user(agent_2)
                .create(
                    {
                        "callback_type": kind,
                        "partner_id": partner.id,
                        "date_due": day,
                        "user_id": agent_2.id,
                    }
                )
            )

        self._answered_call(call_of_agent_2, "a", "satisfaction", date(2026, 6, 8), ["1"])
        self.summarise()
        self.assertFalse(self.Statistics.with_user(self.agent_a)._may_read_answer_summary())
        self.assertTrue(self.Statistics.with_user(self.manager_a)._may_read_answer_summary())
        self.assert_exact([(self.agent_a, self.shop_a), (agent_2, self.shop_a)])
        self.assertNotEqual(
            self.figures(self.agent_a, self.shop_a), self.figures(self.manager_a, self.shop_a)
        )

    def test_history_on_upgrade(self):
        """The upgrade to 18.0.1.4.0 sums up the history already there."""
        self.env["ir.config_parameter"].set_param("fleet_aftersales.answer_summary_through", "")
        self.env[SUMMARY].search([]).unlink()
        path = Path(__file__).parents[1] / "migrations/18.0.1.4.0/post-migration.py"
        spec = importlib.util.spec_from_file_location("summary_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.3.0")
        self.assertTrue(self.env[SUMMARY].search([("company_id", "=", self.shop_a.id)]))
        self.assert_exact()

    def test_uninstall_drops_sql_objects(self):
        """Uninstalling leaves neither the dirty days' table nor the triggers' function
        (made in SQL, unknown to the ORM); DDL is transactional: the test's rollback
        puts them back."""

        def present():
            self.env.cr.execute(
                """SELECT to_regclass('fleet_aftersales_answer_summary_dirty') IS NOT NULL,
                          EXISTS (SELECT 1 FROM pg_proc
                                   WHERE proname = 'fleet_aftersales_answer_mark_dirty'),
                          EXISTS (SELECT 1 FROM pg_trigger
                                   WHERE tgname LIKE 'fleet_aftersales_answer_dirty_%%')"""
            )
            return self.env.cr.fetchone()

        self.assertEqual(present(), (True, True, True))
        self.env.cr.execute("SAVEPOINT fa_uninstall")
        uninstall_hook(self.env)
        self.assertEqual(present(), (False, False, False))
        self.env.cr.execute("ROLLBACK TO SAVEPOINT fa_uninstall")
        self.assertEqual(present(), (True, True, True))
