# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools.rate_limit import PUBLIC_LIMIT
from .common import TODAY, DealerGroupCase


class PortalCustomersCase(HttpCase, DealerGroupCase):
    """Two customers of shop A (``history_a[0]`` and ``[1]``) with their portal login,
    each with a car and a delivered visit; the visits invoiced and posted by the shop's
    accountant (the customer follows their invoice, as account's portal rules ask)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ensure_accounting(cls.shop_a)
        cls.chen, cls.li = cls.history_a[0], cls.history_a[1]
        cls.chen_user = cls.make_portal_user(cls.chen, "fa_portal_chen")
        cls.li_user = cls.make_portal_user(cls.li, "fa_portal_li")
        cls.chen_car, cls.li_car = cls.chen.vehicle_ids, cls.li.vehicle_ids
        cls.chen_visit, cls.li_visit = cls.chen_car.visit_ids, cls.li_car.visit_ids
        cls.chen_invoice = cls._invoice(cls.chen_visit, 680.0)
        cls.li_invoice = cls._invoice(cls.li_visit, 420.0)

    @classmethod
    def _invoice(cls, visit, amount, post=True):
        move = (
            cls.env["account.move"]
            .with_user(cls.accountant_a)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": visit.partner_id.id,
                    "invoice_date": TODAY,
                    "aftersales_visit_id": visit.id,
                    "invoice_line_ids": [
                        (0, 0, {"name": "保养", "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        if post:
            with cls.at_beijing(TODAY, 10):
                move.action_post()
        return move

    def setUp(self):
        super().setUp()
        PUBLIC_LIMIT.reset()

    def login(self, user):
        self.authenticate(user.login, user.login)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalVehicle(PortalCustomersCase):
    """A customer sees their own cars, visits and invoices only, on the ORM and on /my."""

    def test_orm_reads_own_cars_visits_and_readings_only(self):
        Vehicle = self.env["fleet.vehicle"].with_user(self.chen_user)
        self.assertEqual(Vehicle.search([]), self.chen_car)
        visits = self.env["fleet.aftersales.visit"].with_user(self.chen_user).search([])
        self.assertEqual(visits, self.chen_visit)
        # the car's last reading: fleet computes it from the readings, the customer's own
        car = Vehicle.browse(self.chen_car.id)
        self.assertEqual(car.odometer, self.chen_visit.odometer)
        readings = self.env["fleet.vehicle.odometer"].with_user(self.chen_user).search([])
        self.assertEqual(readings.vehicle_id, self.chen_car)
        self.assertEqual(car.model_id.brand_id, self.brand)
        with self.assertRaises(AccessError):
            Vehicle.browse(self.li_car.id).read(["license_plate"])
        # read-only: the portal writes nothing through the ORM
        with self.assertRaises(AccessError):
            car.write({"license_plate": "粤A·00000"})
        with self.assertRaises(AccessError):
            self.chen_visit.with_user(self.chen_user).write({"odometer": 1.0})

    def test_home_counts_own_cars(self):
        self.login(self.chen_user)
        reply = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["vehicle_count", "complaint_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(reply.json()["result"], {"vehicle_count": 1, "complaint_count": 0})
        home = self.url_open("/my")
        self.assertIn('href="/my/vehicles"', home.text)
        self.assertIn('href="/my/complaints"', home.text)

    def test_list_and_page_of_own_car(self):
        self.login(self.chen_user)
        listing = self.url_open("/my/vehicles?sortby=next_service")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.chen_car.license_plate, listing.text)
        self.assertNotIn(self.li_car.license_plate, listing.text)
        page = self.url_open(f"/my/vehicles/{self.chen_car.id}")
        self.assertEqual(page.status_code, 200)
        for text in (self.chen_car.license_plate, self.chen_car.vin_sn, self.chen_visit.name):
            self.assertIn(text, page.text)
        self.assertIn(self.chen_invoice.name, page.text)
        self.assertIn(f"/my/invoices/{self.chen_invoice.id}?", page.text)
        self.assertNotIn(self.li_invoice.name, page.text)

    def test_draft_invoice_not_shown(self):
        draft = self._invoice(self.chen_visit, 99.0, post=False)
        self.login(self.chen_user)
        page = self.url_open(f"/my/vehicles/{self.chen_car.id}")
        self.assertNotIn(f"/my/invoices/{draft.id}?", page.text)

    @mute_logger("odoo.http")
    def test_other_customers_car_refused_missing_not_found(self):
        self.login(self.chen_user)
        other = self.url_open(f"/my/vehicles/{self.li_car.id}")
        self.assertEqual(other.status_code, 403)
        self.assertNotIn(self.li_car.license_plate, other.text)
        self.assertNotIn(self.li_car.vin_sn, other.text)
        missing = self.url_open("/my/vehicles/999999999")
        self.assertEqual(missing.status_code, 404)

    def test_invoice_pdf_own_only(self):
        self.login(self.chen_user)
        own = self.url_open(self.chen_invoice.get_portal_url(report_type="pdf"))
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.headers["Content-Type"], "application/pdf")
        # another's invoice (no token): account's portal sends the customer home
        other = self.url_open(f"/my/invoices/{self.li_invoice.id}?report_type=pdf")
        self.assertNotEqual(other.headers.get("Content-Type"), "application/pdf")
        self.assertTrue(other.url.endswith("/my"), other.url)
        self.assertNotIn(self.li_invoice.name, other.text)

    def test_anonymous_sent_to_login(self):
        reply = self.url_open(f"/my/vehicles/{self.chen_car.id}", allow_redirects=False)
        self.assertIn(reply.status_code, (302, 303))
        self.assertIn("/web/login", reply.headers["Location"])
