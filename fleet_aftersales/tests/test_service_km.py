# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The next service's mileage counts from the odometer of the *last* service, not from
the highest odometer of all services."""

from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..tools import service_schedule
from .common import TODAY, DealerGroupCase

Reading = service_schedule.Reading


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestLastServiceRule(BaseCase):
    def test_the_last_service_is_the_latest_one(self):
        services = [
            Reading(date(2026, 1, 10), 30000.0),
            Reading(date(2026, 5, 2), 0.0),  # no odometer recorded
            Reading(date(2025, 7, 1), 25000.0),
        ]
        self.assertEqual(service_schedule.last_service(services), (date(2026, 5, 2), 0.0))
        self.assertEqual(service_schedule.last_service([]), (None, 0.0))


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestServiceKm(DealerGroupCase):
    def test_a_service_without_odometer_counts_from_the_reading_of_its_day(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                customer = self.history_a[0 if hour == 1 else 1]
                vehicle = customer.vehicle_ids
                first = vehicle.last_service_odometer
                self.assertEqual(first, 3000.0 if hour == 1 else 4000.0)
                # a repair at 8,000 km, then a service whose odometer nobody typed in
                self.deliver_visit(vehicle, TODAY - timedelta(days=20), 10, 8000.0, "repair")
                with self.at_beijing(TODAY - timedelta(days=5), hour, minute):
                    self.env["fleet.vehicle.odometer"].with_user(self.advisor_a).create(
                        {
                            "vehicle_id": vehicle.id,
                            "date": TODAY - timedelta(days=5),
                            "value": 8600.0,
                        }
                    )
                self.deliver_visit(vehicle, TODAY - timedelta(days=5), 16, 0.0)
                self.assertEqual(vehicle.last_service_date, TODAY - timedelta(days=5))
                self.assertEqual(vehicle.last_service_odometer, 8600.0, "the last service's")
                self.assertEqual(vehicle.next_service_odometer, 8600.0 + 5000)
