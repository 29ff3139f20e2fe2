# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Query counts locked so that an N+1 cannot come back (the benchmark measures the rest)."""

from datetime import date

from odoo.tests import tagged

from .common import FleetAftersalesCase

VEHICLE_FORM_FIELDS = [
    "owner_id",
    "maintenance_plan_id",
    "last_service_date",
    "daily_km",
    "next_service_date",
    "next_service_odometer",
    "visit_count",
    "complaint_count",
    "customer_invoice_count",
    "customer_invoiced_amount",
]
PARTNER_FORM_FIELDS = [
    "owned_vehicle_count",
    "visit_count",
    "complaint_count",
    "last_visit_date",
    "is_archive_complete",
    "archive_missing",
    "is_lost_customer",
]


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestQueryCounts(FleetAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(20)])
        cls.cars = cls.env["fleet.vehicle"].create(
            [
                {"model_id": cls.model.id, "owner_id": p.id, "license_plate": f"粤A·{i:05d}"}
                for i, p in enumerate(cls.partners)
            ]
        )
        for i, car in enumerate(cls.cars):
            cls.make_visit(date(2026, 1, 1 + i), vehicle=car, odometer=1000 + i)

    def count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_vehicle_form_read(self):
        one = self.count(lambda: self.cars[:1].read(VEHICLE_FORM_FIELDS))
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            self.cars.read(VEHICLE_FORM_FIELDS)

    def test_contact_form_read(self):
        one = self.count(lambda: self.partners[:1].read(PARTNER_FORM_FIELDS))
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            self.partners.read(PARTNER_FORM_FIELDS)

    def test_batch_visit_creation(self):
        """A batch of visits costs a fixed number of queries plus its sequence numbers."""

        def create(cars, day):
            return lambda: self.env["fleet.aftersales.visit"].create(
                [
                    {"vehicle_id": car.id, "reception_datetime": self.at(day), "odometer": 5000 + i}
                    for i, car in enumerate(cars)
                ]
            )

        two = self.count(create(self.cars[:2], date(2026, 3, 1)))
        ten = self.count(create(self.cars[2:12], date(2026, 3, 2)))
        # one ir.sequence call per visit (as Odoo's own documents), nothing else per visit
        per_visit = (ten - two) / 8
        self.assertLessEqual(per_visit, 1.0, f"{two} queries for 2 visits, {ten} for 10")
        self.env.invalidate_all()
        with self.assertQueryCount(two + 8):
            create(self.cars[12:20], date(2026, 3, 3))()
