# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The maintenance-cycle arithmetic, without a database."""

import unittest
from datetime import date, timedelta

from odoo.addons.fleet_aftersales.tools.service_schedule import (
    DEFAULT_DAILY_KM,
    Reading,
    add_months,
    is_valid_call_window,
    mileage_due_date,
    next_service_due,
    project_daily_km,
    vehicle_schedule,
)

PLAN = {"interval_months": 6, "interval_km": 5000, "first_months": 3, "first_km": 3000}


class TestServiceSchedule(unittest.TestCase):
    def test_add_months_clamps_to_month_end(self):
        self.assertEqual(add_months(date(2026, 8, 31), 6), date(2027, 2, 28))
        self.assertEqual(add_months(date(2026, 1, 15), 12), date(2027, 1, 15))

    def test_projection_needs_history(self):
        self.assertEqual(project_daily_km([]), DEFAULT_DAILY_KM)
        self.assertEqual(project_daily_km([Reading(date(2026, 1, 1), 1000)]), DEFAULT_DAILY_KM)
        # two readings a week apart are too close to project from
        too_close = [Reading(date(2026, 1, 1), 1000), Reading(date(2026, 1, 8), 2000)]
        self.assertEqual(project_daily_km(too_close), DEFAULT_DAILY_KM)
        # an odometer that did not move gives the default, not zero
        still = [Reading(date(2026, 1, 1), 1000), Reading(date(2026, 3, 1), 1000)]
        self.assertEqual(project_daily_km(still), DEFAULT_DAILY_KM)
        self.assertEqual(project_daily_km([], default=25.0), 25.0)

    def test_projection_averages_recent_readings(self):
        readings = [Reading(date(2026, 1, 1), 1000), Reading(date(2026, 4, 11), 4000)]
        self.assertAlmostEqual(project_daily_km(readings), 30.0)
        # only the 6 most recent readings count: an old slow period is forgotten
        old = [Reading(date(2020, 1, d), 100 + d) for d in range(1, 4)]
        recent = [
            Reading(date(2026, 1, 1) + timedelta(days=10 * i), 10000 + 500 * i) for i in range(6)
        ]
        self.assertAlmostEqual(project_daily_km(old + recent), 50.0)

    def test_mileage_due_date(self):
        last = Reading(date(2026, 1, 1), 8000)
        self.assertEqual(mileage_due_date(10000, last, 40.0), date(2026, 2, 20))  # 2000 km / 40
        self.assertEqual(mileage_due_date(10000, last, 30.0), date(2026, 3, 9))  # ceil(66.7) days
        self.assertEqual(mileage_due_date(7000, last, 40.0), date(2026, 1, 1))  # already past
        self.assertIsNone(mileage_due_date(10000, None, 40.0))

    def test_calendar_first(self):
        # a car that barely drives: 6 months come before 5000 km
        due = next_service_due(
            **PLAN,
            last_service_date=date(2026, 1, 10),
            last_service_odometer=20000,
            last_reading=Reading(date(2026, 1, 10), 20000),
            daily_km=5.0,
        )
        self.assertEqual(due.date, date(2026, 7, 10))
        self.assertEqual(due.odometer, 25000)
        self.assertEqual(due.calendar_date, date(2026, 7, 10))
        self.assertEqual(due.mileage_date, date(2028, 10, 6))  # 5000 km at 5 km/day: 1000 days

    def test_mileage_first(self):
        # a taxi-like car: 5000 km in 50 days come before 6 months
        due = next_service_due(
            **PLAN,
            last_service_date=date(2026, 1, 10),
            last_service_odometer=20000,
            last_reading=Reading(date(2026, 1, 20), 21000),
            daily_km=100.0,
        )
        self.assertEqual(due.date, date(2026, 3, 1))  # 4000 km left at 100 km/day
        self.assertEqual(due.odometer, 25000)

    def test_first_service_from_delivery(self):
        due = next_service_due(**PLAN, delivery_date=date(2026, 5, 1), last_reading=None)
        self.assertEqual(due.date, date(2026, 8, 1))
        self.assertEqual(due.odometer, 3000)
        # a car that reaches 3000 km quickly is due earlier
        due = next_service_due(
            **PLAN,
            delivery_date=date(2026, 5, 1),
            last_reading=Reading(date(2026, 5, 21), 2000),
            daily_km=100.0,
        )
        self.assertEqual(due.date, date(2026, 5, 31))

    def test_no_history_nothing_due(self):
        due = next_service_due(**PLAN)
        self.assertIsNone(due.date)
        self.assertEqual(due.odometer, 0.0)

    def test_a_measure_can_be_switched_off(self):
        due = next_service_due(
            interval_months=0,
            interval_km=10000,
            first_months=0,
            first_km=0,
            last_service_date=date(2026, 1, 1),
            last_service_odometer=1000,
            last_reading=Reading(date(2026, 1, 1), 1000),
            daily_km=100.0,
        )
        self.assertIsNone(due.calendar_date)
        self.assertEqual(due.date, date(2026, 4, 11))

    def test_old_reading_cannot_make_due_before_service(self):
        # the odometer reading predates the last service and already exceeds the km due
        due = next_service_due(
            **PLAN,
            last_service_date=date(2026, 6, 1),
            last_service_odometer=1000,
            last_reading=Reading(date(2026, 5, 1), 9000),
        )
        self.assertEqual(due.date, date(2026, 6, 1))

    def test_vehicle_schedule(self):
        readings = [Reading(date(2026, 1, 1), 10000), Reading(date(2026, 3, 2), 13000)]
        # no odometer on the service visit: the highest reading up to that day stands for it
        schedule = vehicle_schedule(readings, PLAN, last_service_date=date(2026, 2, 1))
        self.assertEqual(schedule.last_service_odometer, 10000)
        self.assertAlmostEqual(schedule.daily_km, 50.0)  # 3000 km in 60 days
        self.assertEqual(schedule.due.odometer, 15000)
        self.assertEqual(schedule.due.date, date(2026, 4, 11))  # 2000 km left at 50 km/day
        # the visit's own odometer wins over the readings
        schedule = vehicle_schedule(
            readings, PLAN, last_service_date=date(2026, 2, 1), last_service_odometer=12000
        )
        self.assertEqual(schedule.due.odometer, 17000)
        # no plan: the history is still summed up, but nothing is due
        schedule = vehicle_schedule(readings, None, last_service_date=date(2026, 2, 1))
        self.assertEqual(schedule.last_service_odometer, 10000)
        self.assertIsNone(schedule.due.date)
        self.assertEqual(schedule.due.odometer, 0.0)
        # a first service counted from the delivery, with no reading at all
        schedule = vehicle_schedule([], PLAN, delivery_date=date(2026, 5, 1))
        self.assertEqual(schedule.last_service_odometer, 0.0)
        self.assertEqual(schedule.daily_km, DEFAULT_DAILY_KM)
        self.assertEqual(schedule.due.date, date(2026, 8, 1))

    def test_call_window(self):
        self.assertTrue(is_valid_call_window(9.0, 17.5))
        self.assertFalse(is_valid_call_window(17.0, 9.0))
        self.assertFalse(is_valid_call_window(9.0, 9.0))
        self.assertFalse(is_valid_call_window(-1.0, 9.0))
        self.assertFalse(is_valid_call_window(9.0, 25.0))
