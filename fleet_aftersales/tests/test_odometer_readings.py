# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A car's odometer goes forward with time: readings are checked by their date (the
dealer's day), whatever order they are typed in, all the readings of one call together,
and a typo of extra zeros is caught."""

from contextlib import closing
from datetime import date, timedelta

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import odometer
from .common import TODAY, DealerGroupCase, beijing


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestOdometerReadings(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # history customer 0: a service 3 months ago at 3,000 km; one 10 days ago at 30,000
        cls.car = cls.history_a[0].vehicle_ids
        cls.receive_visit(cls.car, TODAY - timedelta(days=10), 30000)

    def test_a_visit_typed_in_late_is_checked_against_its_own_dates(self):
        # the paper form of a visit 40 days ago, typed in today: lower than 30,000 is right
        late = self.receive_visit(self.car, TODAY - timedelta(days=40), 25000)
        self.assertEqual(late.odometer_id.date, TODAY - timedelta(days=40))
        # higher than the reading of a later day is not
        with self.refused(ValidationError, "later reading of 30,000"):
            self.receive_visit(self.car, TODAY - timedelta(days=20), 35000)
        # nor lower than the reading of an earlier day
        with self.refused(ValidationError, "lower than its reading of 30,000"):
            self.receive_visit(self.car, TODAY - timedelta(days=5), 29000)
        # a correction of the late visit is checked the same way
        with self.refused(ValidationError, "cannot go back"):
            late.odometer = 31000
        self.receive_visit(self.car, TODAY, 30500)

    def test_the_readings_day_is_the_dealers(self):
        # 00:30 in Beijing is still yesterday in UTC: the reading is of today
        today = self.receive_visit(self.car, TODAY, 31000, hour=0, minute=30)
        self.assertEqual(today.odometer_id.date, TODAY)
        # received the evening before, 23:30 Beijing: an earlier day, so not higher
        with self.refused(ValidationError, "later reading of 31,000"):
            self.receive_visit(self.car, TODAY - timedelta(days=1), 31500, hour=23, minute=30)
        self.receive_visit(self.car, TODAY - timedelta(days=1), 30800, hour=23, minute=30)

    def test_two_visits_of_one_car_in_one_call(self):
        def create(*readings):
            return (
                self.env["fleet.aftersales.visit"]
                .with_user(self.advisor_a)
                .create(
                    [
                        {
                            "vehicle_id": self.car.id,
                            "reception_datetime": beijing(TODAY - timedelta(days=days_ago), 9),
                            "odometer": value,
                        }
                        for days_ago, value in readings
                    ]
                )
            )

        with self.refused(ValidationError, "cannot go back"):
            create((2, 32000), (1, 31000))
        visits = create((1, 32000), (2, 31000))
        self.assertEqual(visits.odometer_id.mapped("value"), [32000, 31000])

    def test_a_typo_of_extra_zeros_is_caught(self):
        with self.refused(ValidationError, "typing error"):
            self.receive_visit(self.car, TODAY, 2_000_000)
        visit = self.receive_visit(self.car, TODAY, 32000)
        with self.refused(ValidationError, "1,000,000"):
            visit.with_user(self.manager_a).odometer = 3_200_000
        # in fleet's own log too, whoever writes it
        with self.refused(ValidationError, "typing error"):
            self.env["fleet.vehicle.odometer"].with_user(self.manager_a).create(
                {"vehicle_id": self.car.id, "value": 3_200_000, "date": TODAY}
            )
        self.assertEqual((visit.odometer, visit.odometer_id.value), (32000, 32000))

    def test_fleets_log_follows_the_same_rule(self):
        log = self.env["fleet.vehicle.odometer"].with_user(self.manager_a)
        with self.refused(ValidationError, "cannot go back"):
            log.create({"vehicle_id": self.car.id, "value": 29000, "date": TODAY})
        with self.refused(ValidationError, "cannot go back"):
            log.create(
                {"vehicle_id": self.car.id, "value": 31000, "date": TODAY - timedelta(days=30)}
            )
        log.create({"vehicle_id": self.car.id, "value": 30100, "date": TODAY})

    def test_two_saves_of_one_car_at_once_do_not_both_pass(self):
        """Each transaction sees only its own new reading: the second to save a reading
        of the same car waits for the first (and, under REPEATABLE READ, fails with a
        serialization error that Odoo retries) instead of passing its check blind."""
        # a car committed at install (the demo's): another connection sees it
        car = self.env["fleet.vehicle"].search([("odometer", ">", 0)], limit=1)
        self.assertTrue(car, "the demo has cars with readings")
        Log = self.env["fleet.vehicle.odometer"]
        last = Log.search([("vehicle_id", "=", car.id)], order="date desc, value desc", limit=1)
        day, value = last.date + timedelta(days=1), last.value + 100
        # (the superuser: a car of the demo company, none of the fixture's shops)
        Log.create({"vehicle_id": car.id, "value": value, "date": day})
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute("SET LOCAL lock_timeout = '300ms'")
            env = api.Environment(other, SUPERUSER_ID, {})
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                env["fleet.vehicle.odometer"].create(
                    {"vehicle_id": car.id, "value": value - 50, "date": day}
                )
            other.rollback()

    def test_find_conflict(self):
        """The rule itself, without a database."""
        days = [(date(2026, 1, 1), 1000, 1000), (date(2026, 3, 1), 5000, 5200)]
        self.assertIsNone(odometer.find_conflict(days, date(2026, 2, 1), 3000))
        self.assertIsNone(odometer.find_conflict(days, date(2026, 3, 1), 1500))  # same day
        self.assertEqual(
            odometer.find_conflict(days, date(2026, 4, 1), 5100),
            (True, date(2026, 3, 1), 5200),
        )
        self.assertEqual(
            odometer.find_conflict(days, date(2025, 12, 1), 1500),
            (False, date(2026, 1, 1), 1000),
        )
