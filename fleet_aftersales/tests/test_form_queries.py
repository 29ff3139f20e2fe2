# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The vehicle and customer forms' reads, as the web client asks for them, cost a fixed
number of queries whatever the history (#20: a car with 200 visits, a customer with 20
cars); the benchmark (benchmarks/bench_views.py) measures their time against stock."""

from odoo.tests import tagged

from .common import TODAY, DealerGroupCase, form_spec

#: the queries of each form's web_read as shop A's manager, in the test database (its
#: installed modules add some); in the benchmark's, 21 and 19 against 18 and 16 for the
#: stock forms of fleet and contacts
VEHICLE_FORM_QUERIES = 21
CUSTOMER_FORM_QUERIES = 23


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestFormQueries(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.history_a[0]
        cls.vehicle = cls.customer.vehicle_ids
        # more history: the counts must not grow with it
        cls.cars = cls.env["fleet.vehicle"].create(
            [
                {
                    "model_id": cls.car_model.id,
                    "license_plate": f"粤A·9{k:04d}",
                    "vin_sn": f"LFVA9{k:012d}",
                    "owner_id": cls.customer.id,
                    "company_id": cls.shop_a.id,
                }
                for k in range(5)
            ]
        )
        for day in range(1, 6):
            cls.deliver_visit(cls, cls.vehicle, TODAY.replace(day=day), 17, 20000.0 + day)

    def form_read_queries(self, record, view_xmlid, expected):
        # a read from the database, the caches of a running server (rules, views) warm
        self.env.flush_all()
        self.env.invalidate_all()
        record = record.with_user(self.manager_a)
        spec = form_spec(record.env, record._name, view_xmlid)
        record.web_read(spec)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            [values] = record.web_read(spec)
        return values

    def test_vehicle_form(self):
        values = self.form_read_queries(
            self.vehicle, "fleet.fleet_vehicle_view_form", VEHICLE_FORM_QUERIES
        )
        self.assertEqual(values["visit_count"], 6)

    def test_customer_form(self):
        self.assertTrue(self.customer.is_archive_complete)
        values = self.form_read_queries(
            self.customer, "base.view_partner_form", CUSTOMER_FORM_QUERIES
        )
        self.assertEqual(values["owned_vehicle_count"], 6)
        self.assertEqual(values["archive_missing"], "")
