# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import tagged

from odoo.addons.base.tests.test_ir_cron import CronMixinCase
from odoo.addons.fleet_aftersales.tools import cron

from .common import TODAY, FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackCron(FleetAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_agent_ids = cls.agent | cls.user

    def test_satisfaction_call_three_days_after_delivery(self):
        visit = self.make_visit(TODAY - timedelta(days=2), odometer=1000)
        self.assertFalse(self.of(self.run_cron(), "satisfaction"), "not before the delay")
        created = self.of(self.run_cron(TODAY + timedelta(days=1)), "satisfaction")
        self.assertEqual(len(created), 1)
        self.assertEqual(created.visit_id, visit)
        self.assertEqual(created.vehicle_id, self.vehicle)
        self.assertEqual(created.date_due, TODAY + timedelta(days=1))
        self.assertEqual(created.user_id, self.agent, "never the advisor who received the car")
        self.assertEqual(len(created.answer_ids), 6, "the standard questionnaire")
        # idempotent: running it again creates nothing
        self.assertFalse(self.of(self.run_cron(TODAY + timedelta(days=1)), "satisfaction"))
        self.assertFalse(self.of(self.run_cron(TODAY + timedelta(days=2)), "satisfaction"))

    def test_blank_answers_as_create(self):
        """The daily action's blank questionnaire lines, inserted in one query, are the
        lines create() makes, column by column (a new column must join the insert)."""
        self.make_visit(TODAY - timedelta(days=3), odometer=1000)
        callback = self.of(self.run_cron(), "satisfaction")
        inserted = callback.answer_ids
        self.assertEqual(len(inserted), 6)
        Answer = self.env["fleet.aftersales.callback.answer"]
        created = Answer.create(
            [{"callback_id": callback.id, "question_id": a.question_id.id} for a in inserted]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        names = [
            name
            for name, field in Answer._fields.items()
            if field.store and name not in ("id", "create_date", "write_date")
        ]

        def columns(answers):
            return [{k: v for k, v in row.items() if k != "id"} for row in answers.read(names)]

        self.assertEqual(columns(inserted), columns(created))
        self.assertEqual(callback.answer_ids, inserted | created)
        self.assertRecordValues(
            callback, [{"has_rating": False, "has_bad_answer": False, "average_rating": 0.0}]
        )

    def test_old_or_undelivered_visits_get_no_call(self):
        self.make_visit(TODAY - timedelta(days=40), odometer=1000)  # past the expiry
        self.make_visit(TODAY - timedelta(days=5), odometer=2000, deliver=False)
        self.assertFalse(self.of(self.run_cron(), "satisfaction"))

    def test_delay_is_a_setting(self):
        self.company.aftersales_satisfaction_delay = 1
        self.make_visit(TODAY - timedelta(days=1), odometer=1000)
        self.assertTrue(self.of(self.run_cron(), "satisfaction"))

    def test_second_followup_a_week_after_a_done_first_call(self):
        self.make_visit(TODAY - timedelta(days=3), odometer=1000)
        first = self.of(self.run_cron(), "satisfaction")
        self.assertFalse(
            self.of(self.run_cron(TODAY + timedelta(days=7)), "second_followup"), "first not done"
        )
        with freeze_time(f"{TODAY} 10:00:00"):
            first.with_user(self.agent).answer_ids.write({"rating": "5"})
            first.with_user(self.agent).action_done()
        self.assertFalse(self.of(self.run_cron(TODAY + timedelta(days=6)), "second_followup"))
        second = self.of(self.run_cron(TODAY + timedelta(days=7)), "second_followup")
        self.assertEqual(len(second), 1)
        self.assertEqual(second.parent_id, first)
        self.assertEqual(second.user_id, first.user_id)
        self.assertFalse(self.of(self.run_cron(TODAY + timedelta(days=8)), "second_followup"))

    def test_unreachable_first_call_gets_no_second_followup(self):
        self.make_visit(TODAY - timedelta(days=3), odometer=1000)
        first = self.of(self.run_cron(), "satisfaction")
        first.state = "unreachable"
        self.assertFalse(self.of(self.run_cron(TODAY + timedelta(days=7)), "second_followup"))

    def test_new_car_call_with_first_service_booking(self):
        self.vehicle.delivery_date = TODAY - timedelta(days=6)
        self.assertFalse(self.of(self.run_cron(), "new_car"))
        created = self.of(self.run_cron(TODAY + timedelta(days=1)), "new_car")
        self.assertEqual(len(created), 1)
        self.assertEqual(created.vehicle_id, self.vehicle)
        booking = self.env["mail.activity"].search(
            [
                ("res_model", "=", "fleet.vehicle"),
                ("res_id", "=", self.vehicle.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("fleet_aftersales.mail_act_book_first_service").id,
                ),
            ]
        )
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.user_id, created.user_id)
        self.assertFalse(self.of(self.run_cron(TODAY + timedelta(days=2)), "new_car"))

    def test_query_count_does_not_grow_with_items(self):
        """The daily action is batched: its queries do not depend on how many calls it makes."""

        def measure(count, day):
            self.run_cron(day + timedelta(days=3))  # what else is due that day
            cars = self.env["fleet.vehicle"].create(
                [{"model_id": self.model.id, "owner_id": self.customer.id} for _ in range(count)]
            )
            for car in cars:
                self.make_visit(day, vehicle=car, odometer=100)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with freeze_time(f"{day + timedelta(days=3)} 06:00:00"):
                created = self.env["fleet.aftersales.callback.generator"]._cron_generate_callbacks()
            self.assertEqual(len(created.filtered(lambda c: c.vehicle_id in cars)), count)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        small = measure(3, TODAY)
        large = measure(15, TODAY + timedelta(days=30))
        self.assertLessEqual(large, small + 2, f"{small} queries for 3 calls, {large} for 15")
        # and locked: 30 calls in as many queries as 3
        day = TODAY + timedelta(days=60)
        self.run_cron(day + timedelta(days=3))  # what else is due that day
        cars = self.env["fleet.vehicle"].create(
            [{"model_id": self.model.id, "owner_id": self.customer.id} for _ in range(30)]
        )
        for car in cars:
            self.make_visit(day, vehicle=car, odometer=100)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small + 2), freeze_time(f"{day + timedelta(days=3)} 06:00:00"):
            self.env["fleet.aftersales.callback.generator"]._cron_generate_callbacks()


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestCallbackCronConcurrency(CronMixinCase, FleetAftersalesCase):
    """Two workers running the daily action at once create every call once."""

    def test_second_worker_skips_the_company(self):
        """While another worker generates a company's callbacks (it holds the company's
        lock), the daily action leaves that company alone and runs again later; once the
        lock is free, it makes the calls."""
        self.make_visit(TODAY - timedelta(days=3), odometer=1000)
        name = "fleet_aftersales.callbacks"
        # the other worker: a connection of its own, holding the lock of the company
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [cron.lock_namespace(name), self.company.id],
            )
            with self.capture_triggers("fleet_aftersales.ir_cron_generate_callbacks") as capture:
                self.assertFalse(self.of(self.run_cron(), "satisfaction"))
            self.assertTrue(capture.records, "it runs again later")
            # in a few minutes, not at once (run_cron runs at 06:00)
            self.assertEqual(capture.records.call_at, datetime.combine(TODAY, time(6, 5)))
        finally:
            other.rollback()
            other.close()
        self.assertTrue(self.of(self.run_cron(), "satisfaction"))

    def test_two_workers_at_once(self):
        registry = self.env.registry
        day = date.today()
        # the fixtures must be committed to be seen by other cursors
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            partner = env["res.partner"].create({"name": "Concurrent customer"})
            brand = env["fleet.vehicle.model.brand"].create({"name": "Concurrent brand"})
            model = env["fleet.vehicle.model"].create(
                {"name": "Concurrent model", "brand_id": brand.id}
            )
            cars = env["fleet.vehicle"].create(
                [{"model_id": model.id, "owner_id": partner.id} for _ in range(30)]
            )
            visits = env["fleet.aftersales.visit"].create(
                [
                    {
                        "vehicle_id": car.id,
                        "reception_datetime": self.at(day - timedelta(days=4)),
                        "delivery_datetime": self.at(day - timedelta(days=3)),
                    }
                    for car in cars
                ]
            )
            visits.write({"state": "delivered"})
            ids = {
                "partner": partner.id,
                "cars": cars.ids,
                "visits": visits.ids,
                "brand": brand.id,
                "model": model.id,
            }
            # the run also calls the demo customers: everything above these ids is removed after
            cr.execute("SELECT coalesce(max(id), 0) FROM fleet_aftersales_callback")
            ids["max_callback"] = cr.fetchone()[0]
            cr.execute("SELECT coalesce(max(id), 0) FROM mail_activity")
            ids["max_activity"] = cr.fetchone()[0]
        errors = []

        def worker():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["fleet.aftersales.callback.generator"]._cron_generate_callbacks(
                        batch_size=10
                    )
            except Exception as e:  # reported below, in the test thread
                errors.append(e)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            self.assertFalse(errors, errors)
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT visit_id, count(*) FROM fleet_aftersales_callback "
                    "WHERE visit_id = ANY(%s) AND callback_type = 'satisfaction' GROUP BY visit_id",
                    [ids["visits"]],
                )
                counts = dict(cr.fetchall())
            self.assertEqual(set(counts), set(ids["visits"]), "every visit got its call")
            self.assertEqual(set(counts.values()), {1}, "and only one")
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["fleet.aftersales.callback"].search([("id", ">", ids["max_callback"])]).unlink()
                env["mail.activity"].search([("id", ">", ids["max_activity"])]).unlink()
                env["fleet.aftersales.visit"].browse(ids["visits"]).write({"state": "cancel"})
                env["fleet.aftersales.visit"].browse(ids["visits"]).unlink()
                env["fleet.vehicle"].browse(ids["cars"]).unlink()
                env["res.partner"].browse(ids["partner"]).unlink()
                env["fleet.vehicle.model"].browse(ids["model"]).unlink()
                env["fleet.vehicle.model.brand"].browse(ids["brand"]).unlink()
