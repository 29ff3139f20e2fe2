# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import FleetAftersalesCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestMaintenanceCycle(FleetAftersalesCase):
    def test_plan_defaults_from_model_then_brand_then_default(self):
        self.assertEqual(self.vehicle.maintenance_plan_id, self.plan, "plan of the brand")
        model_plan = self.env["fleet.aftersales.maintenance.plan"].create(
            {
                "name": "Model plan",
                "sequence": 2,
                "interval_months": 12,
                "model_ids": [(6, 0, self.model.ids)],
            }
        )
        car = self.env["fleet.vehicle"].create({"model_id": self.model.id})
        self.assertEqual(
            car.maintenance_plan_id, model_plan, "a plan naming the model wins over the brand"
        )
        other_brand = self.env["fleet.vehicle.model.brand"].create({"name": "Other"})
        other_model = self.env["fleet.vehicle.model"].create(
            {"name": "X", "brand_id": other_brand.id}
        )
        other = self.env["fleet.vehicle"].create({"model_id": other_model.id})
        self.assertEqual(
            other.maintenance_plan_id,
            self.env.ref("fleet_aftersales.maintenance_plan_default"),
            "the plan with neither brand nor model is the default",
        )
        # chosen by hand, it stays
        car.maintenance_plan_id = self.plan
        car.model_id = other_model
        self.assertEqual(car.maintenance_plan_id, self.plan)

    def test_first_service_from_delivery_date(self):
        self.vehicle.delivery_date = date(2026, 5, 1)
        self.assertEqual(self.vehicle.next_service_date, date(2026, 8, 1))
        self.assertEqual(self.vehicle.next_service_odometer, 3000)
        self.assertFalse(self.vehicle.last_service_date)

    def test_no_history_no_due_date(self):
        self.assertFalse(self.vehicle.next_service_date)
        self.assertEqual(self.vehicle.daily_km, 40.0, "sane default without history")

    def test_delivered_service_restarts_the_cycle(self):
        self.vehicle.delivery_date = date(2025, 11, 1)
        self.make_visit(date(2026, 2, 1), odometer=3100, visit_type="first_service")
        self.assertEqual(self.vehicle.last_service_date, date(2026, 2, 1))
        self.assertEqual(self.vehicle.last_service_odometer, 3100)
        self.assertEqual(self.vehicle.next_service_odometer, 8100)
        # one reading only: default 40 km/day -> 5000 km in 125 days, after the 6 months
        self.assertEqual(self.vehicle.next_service_date, date(2026, 6, 6))

    def test_repair_does_not_restart_the_cycle(self):
        self.make_visit(date(2026, 2, 1), odometer=3100, visit_type="maintenance")
        self.make_visit(date(2026, 3, 1), odometer=4000, visit_type="repair")
        self.assertEqual(self.vehicle.last_service_date, date(2026, 2, 1))
        self.assertEqual(
            self.vehicle.next_service_odometer, 8100, "counted from the service, not the repair"
        )
        # the repair's reading only refines the projection: 900 km in 28 days
        self.assertAlmostEqual(self.vehicle.daily_km, 900 / 28)

    def test_odometer_history_moves_the_due_date(self):
        self.make_visit(date(2026, 1, 1), odometer=10000)
        self.assertEqual(
            self.vehicle.next_service_date, date(2026, 5, 6), "5000 km at 40 km/day: 125 days"
        )
        # the customer drives 100 km a day: the km come first
        self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": self.vehicle.id, "value": 13000, "date": date(2026, 1, 31)}
        )
        self.assertAlmostEqual(self.vehicle.daily_km, 100.0)
        self.assertEqual(self.vehicle.next_service_date, date(2026, 2, 20))
        # a slow driver: the 6 months come first
        self.vehicle.odometer_ids.filtered(lambda o: o.value == 13000).value = 10300
        self.assertAlmostEqual(self.vehicle.daily_km, 10.0)
        self.assertEqual(self.vehicle.next_service_date, date(2026, 7, 1))

    def test_undelivered_visit_does_not_count(self):
        self.make_visit(date(2026, 1, 1), odometer=10000, deliver=False)
        self.assertFalse(self.vehicle.last_service_date)

    def test_plan_change_recomputes(self):
        self.make_visit(date(2026, 1, 1), odometer=10000)
        self.plan.interval_months = 3
        self.assertEqual(self.vehicle.next_service_date, date(2026, 4, 1))

    def test_vehicle_form_shows_owner_and_schedule(self):
        with Form(self.env["fleet.vehicle"].with_user(self.user)) as form:
            form.model_id = self.model
            form.license_plate = "粤A·99999"
            form.owner_id = self.customer
            form.delivery_date = date(2026, 6, 1)
        vehicle = form.record
        self.assertEqual(vehicle.owner_id, self.customer)
        self.assertEqual(vehicle.maintenance_plan_id, self.plan)
        self.assertEqual(vehicle.next_service_date, date(2026, 9, 1))

    def test_plan_intervals_validated(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["fleet.aftersales.maintenance.plan"].create(
                {"name": "Nothing", "interval_months": 0, "interval_km": 0}
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["fleet.aftersales.maintenance.plan"].create(
                {"name": "Negative", "interval_km": -5}
            )
