# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""When to call again, without a database."""

import unittest
from datetime import datetime

from odoo.addons.fleet_aftersales.tools.call_schedule import float_to_time, next_call_slot


class TestCallSchedule(unittest.TestCase):
    def test_float_to_time(self):
        self.assertEqual(float_to_time(14.5).strftime("%H:%M"), "14:30")
        self.assertEqual(float_to_time(24.0).strftime("%H:%M"), "23:59")

    def test_before_the_window_waits_for_it(self):
        self.assertEqual(
            next_call_slot(datetime(2026, 6, 1, 9, 0), 18.5, 21.0), datetime(2026, 6, 1, 18, 30)
        )

    def test_inside_the_window_retries_later_the_same_day(self):
        self.assertEqual(
            next_call_slot(datetime(2026, 6, 1, 18, 40), 18.5, 21.0), datetime(2026, 6, 1, 20, 40)
        )

    def test_window_passed_next_day(self):
        self.assertEqual(
            next_call_slot(datetime(2026, 6, 1, 19, 30), 18.5, 21.0), datetime(2026, 6, 2, 18, 30)
        )
        self.assertEqual(
            next_call_slot(datetime(2026, 6, 1, 22, 0), 18.5, 21.0), datetime(2026, 6, 2, 18, 30)
        )

    def test_default_window(self):
        # the seeds call between 10:00 and 17:00
        self.assertEqual(next_call_slot(datetime(2026, 6, 1, 8, 0)), datetime(2026, 6, 1, 10, 0))
        self.assertEqual(next_call_slot(datetime(2026, 6, 1, 16, 0)), datetime(2026, 6, 2, 10, 0))
        # an invalid window falls back to the default
        self.assertEqual(
            next_call_slot(datetime(2026, 6, 1, 8, 0), 20.0, 9.0), datetime(2026, 6, 1, 10, 0)
        )
