# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FleetAftersalesCase

JUNE = (date(2026, 6, 1), date(2026, 6, 30))


class StatisticsCase(FleetAftersalesCase):
    """A known month: 10 callbacks due in June 2026, answers, reasons, suggestions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_agent_ids = cls.agent
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.Statistics = cls.env["fleet.aftersales.statistics"]
        cls.tags = {
            key: cls.env["fleet.aftersales.reason.tag"].create({"name": name, "sequence": i})
            for i, (key, name) in enumerate(
                [
                    ("wait", "T-Wait"),
                    ("price", "T-Price"),
                    ("dirty", "T-Dirty"),
                    ("rude", "T-Rude"),
                    ("parts", "T-Parts"),
                    ("noise", "T-Noise"),
                ]
            )
        }
        cls.visit = cls.make_visit(date(2026, 5, 20), odometer=1000)
        cls.vehicle.warranty_end_date = date(2029, 1, 1)

        cls._create_satisfaction_calls()
        cls._create_other_calls()
        cls.env.flush_all()

    @classmethod
    def _make_callback(cls, day, kind="satisfaction", **vals):
        return cls.env["fleet.aftersales.callback"].create(
            {
                "callback_type": kind,
                "partner_id": cls.customer.id,
                "vehicle_id": cls.vehicle.id,
                "user_id": cls.agent.id,
                "date_due": day,
                **vals,
            }
        )

    @classmethod
    def _make_done(cls, cb, ratings, reasons=(), suggestion=False):
        reasons = list(reasons)
        for answer, rating in zip(cb.answer_ids.sorted("sequence"), ratings, strict=False):
            vals = {"rating": rating}
            if rating in ("1", "2"):
                tags = reasons.pop(0) if reasons else []
                vals["reason_tag_ids"] = [(6, 0, [cls.tags[t].id for t in tags])]
                vals["reason"] = False if tags else "No reason given"
            answer.write(vals)
        cb.answer_ids.filtered(lambda a: not a.rating).write({"rating": "5"})
        cb.suggestion = suggestion
        with freeze_time(datetime.combine(cb.date_due, datetime.min.time())):
            cb.action_done()
        return cb

    @classmethod
    def _create_satisfaction_calls(cls):
        # 8 satisfaction callbacks due in June, 6 done (the 2 pending ones: _create_other_calls)
        cls.first = cls._make_done(
            cls._make_callback(date(2026, 6, 2), visit_id=cls.visit.id),
            ["5", "5", "5", "5", "5", "5"],
            suggestion="More parking",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 3)),
            ["4", "5", "4", "5", "4", "5"],
            suggestion="More parking",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 4)),
            ["2", "1", "5", "5", "5", "5"],
            reasons=[["wait", "price"], ["wait"]],
            suggestion="Weekend opening",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 5)),
            ["5", "2", "3", "5", "5", "5"],
            reasons=[["dirty", "wait"]],
            suggestion="more parking ",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 6)),
            ["1", "2", "5", "5", "5", "5"],
            reasons=[["rude"], ["parts", "price"]],
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 7)),
            ["5", "5", "5", "5", "5", "2"],
            reasons=[["noise"]],
            suggestion="Coffee",
        )

    @classmethod
    def _create_other_calls(cls):
        # the 2 satisfaction callbacks still pending
        cls._make_callback(date(2026, 6, 8))
        cls._make_callback(date(2026, 6, 9))
        # 2 new-car calls, 1 done; 1 cancelled (excluded); 1 in May and 1 in July (other months)
        cls._make_done(cls._make_callback(date(2026, 6, 10), kind="new_car"), ["5"])
        second_car = cls.env["fleet.vehicle"].create(
            {"model_id": cls.model.id, "license_plate": "粤A·22222", "owner_id": cls.customer.id}
        )
        cls._make_callback(date(2026, 6, 11), kind="new_car", vehicle_id=second_car.id)
        cls._make_callback(date(2026, 6, 12)).action_cancel()
        cls._make_callback(date(2026, 5, 31))
        cls._make_callback(date(2026, 7, 1))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestStatistics(StatisticsCase):
    def test_callback_and_satisfaction_rates(self):
        s = self.Statistics._get_statistics(self.company, *JUNE)
        self.assertEqual((s["due"], s["done"]), (10, 7))
        self.assertEqual(s["callback_rate"], 70.0)
        rows = {r["type"]: (r["due"], r["done"], r["rate"]) for r in s["by_type"]}
        self.assertEqual(rows, {"satisfaction": (8, 6, 75.0), "new_car": (2, 1, 50.0)})
        # satisfied: every answer 4 or 5 -> callbacks 1, 2 and the new-car call
        self.assertEqual((s["rated"], s["satisfied"]), (7, 3))
        self.assertEqual(s["satisfaction_rate"], 42.9)
        # the second car has no warranty: 9 calls due for cars in warranty, 7 done
        self.assertEqual(s["warranty_due"], 9)
        self.assertEqual(s["warranty_callback_rate"], 77.8)
        self.assertEqual((s["target_callback_rate"], s["target_satisfaction_rate"]), (100.0, 98.0))

    def test_top_five_reasons_with_ties(self):
        s = self.Statistics._get_statistics(self.company, *JUNE)
        # wait 3, price 2, then four reasons once each: ties ordered by name, the 6th left out
        self.assertEqual(
            [(r["name"], r["count"]) for r in s["top_reasons"]],
            [("T-Wait", 3), ("T-Price", 2), ("T-Dirty", 1), ("T-Noise", 1), ("T-Parts", 1)],
        )

    def test_top_suggestions(self):
        s = self.Statistics._get_statistics(self.company, *JUNE)
        self.assertEqual(
            [(r["name"], r["count"]) for r in s["top_suggestions"]],
            [("More parking", 2), ("Coffee", 1), ("Weekend opening", 1), ("more parking", 1)],
        )

    def test_scores_by_question_department_and_advisor(self):
        s = self.Statistics._get_statistics(self.company, *JUNE)
        first_question = self.env.ref("fleet_aftersales.question_explanation_before")
        row = next(r for r in s["questions"] if r["question"] == first_question.name)
        # ratings 5, 4, 2, 5, 1, 5 -> 22 / 6
        self.assertEqual(row["count"], 6)
        self.assertEqual(row["score"], round(22 / 6 * 20, 1))
        departments = {r["name"]: r for r in s["by_department"]}
        sales = departments[self.env.ref("fleet_aftersales.department_sales").name]
        self.assertEqual((sales["count"], sales["rate"], sales["score"]), (1, 100.0, 100.0))
        advisors = {r["name"]: r for r in s["by_advisor"]}
        self.assertIn(self.user.name, advisors, "the advisor of the visit called back")
        self.assertEqual(advisors[self.user.name]["rate"], 100.0)

    def test_empty_month(self):
        s = self.Statistics._get_statistics(self.company, date(2025, 1, 1), date(2025, 1, 31))
        self.assertEqual(
            (s["due"], s["callback_rate"], s["satisfaction_rate"], s["lost_rate"]),
            (0, 0.0, 0.0, 0.0),
        )
        self.assertEqual(s["top_reasons"], [])

    def test_complaints_and_lost_customers(self):
        with freeze_time("2026-06-03 10:00:00"):
            complaint = self.env["fleet.aftersales.complaint"].create(
                {
                    "partner_id": self.customer.id,
                    "description": "x",
                    "user_id": self.agent.id,
                    "date_deadline": date(2026, 6, 5),
                }
            )
            complaint.write({"root_cause": "a", "resolution": "b"})
            complaint.action_resolve()
        self.customer.write({"is_lost_customer": True, "lost_since_date": date(2026, 6, 15)})
        s = self.Statistics._get_statistics(self.company, *JUNE)
        self.assertEqual((s["complaints"]["opened"], s["complaints"]["resolved"]), (1, 1))
        self.assertEqual(s["lost"], 1)
        # active at the start: a delivered visit in the six months before June (ours, and the demo's)
        self.assertGreaterEqual(s["active_customers"], 1)
        self.assertEqual(s["lost_rate"], round(100.0 / s["active_customers"], 1))

    def test_ten_thousand_callbacks_in_bounded_queries(self):
        """The figures come from grouped queries: as many for 10,000 callbacks as for 10."""
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=40):
            small = self.Statistics._get_statistics(self.company, *JUNE)
        self.env["fleet.aftersales.callback"].with_context(
            tracking_disable=True, mail_activity_automation_skip=True
        ).create(
            [
                {
                    "callback_type": "inbound",
                    "partner_id": self.customer.id,
                    "date_due": date(2026, 6, 1 + i % 30),
                    "state": "done" if i % 2 else "pending",
                    "date_done": date(2026, 6, 1 + i % 30) if i % 2 else False,
                    "suggestion": f"suggestion {i % 7}" if i % 3 == 0 else False,
                }
                for i in range(10000)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=40):
            large = self.Statistics._get_statistics(self.company, *JUNE)
        self.assertEqual(large["due"], small["due"] + 10000)
        self.assertEqual(large["done"], small["done"] + 5000)

    def test_a_section_is_one_method_and_its_name(self):
        """A new section: a method ``_section_<name>`` and its name in ``_get_sections``."""
        Service = self.registry["fleet.aftersales.statistics"]
        sections = Service._get_sections

        def _section_test(self, company, date_from, date_to):
            return {"test_days": (date_to - date_from).days + 1, "test_company": company}

        with (
            patch.object(Service, "_section_test", _section_test, create=True),
            patch.object(Service, "_get_sections", lambda self: sections(self) + ("test",)),
        ):
            s = self.Statistics._get_statistics(self.company, *JUNE)
        self.assertEqual((s["test_days"], s["test_company"]), (30, self.company))
        self.assertEqual((s["due"], s["done"]), (10, 7), "the other sections unchanged")
