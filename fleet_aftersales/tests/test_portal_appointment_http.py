# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The booking pages of the portal over HTTP: a customer sees only their own bookings,
changes need the form's CSRF token and are rate-limited; a phone books a slot."""

import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools.rate_limit import DEFAULT_HITS, PUBLIC_LIMIT
from .common import DealerGroupCase

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class PortalBookingHttpCase(HttpCase, DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shop open every day of the coming week, whatever today is (no holiday)
        cls.shop_a.resource_calendar_id.leave_ids.unlink()
        cls.customer, cls.other = cls.history_a[:2]
        cls.make_portal_user(cls.customer, "portal_customer_a")
        cls.make_portal_user(cls.other, "portal_other_a")

    def setUp(self):
        super().setUp()
        PUBLIC_LIMIT.reset()

    @classmethod
    def book_back_office(cls, customer):
        """The advisor books ``customer``'s car at his next free slot from tomorrow."""
        Booking = cls.env["fleet.aftersales.appointment"].with_user(cls.advisor_a)
        after = fields.Datetime.now() + timedelta(days=1)
        return Booking.create(
            {
                "vehicle_id": customer.vehicle_ids[:1].id,
                "advisor_id": cls.advisor_a.id,
                "date_start": Booking._next_free_slot(cls.shop_a, cls.advisor_a, after),
            }
        )

    def csrf_token(self, path):
        return CSRF.search(self.url_open(path).text).group(1)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalBookingHttp(PortalBookingHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.book_back_office(cls.customer)
        cls.theirs = cls.book_back_office(cls.other)

    def test_each_customer_sees_their_own(self):
        self.authenticate("portal_customer_a", "portal_customer_a")
        listing = self.url_open("/my/appointments")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.mine.license_plate, listing.text)
        self.assertNotIn(self.theirs.license_plate, listing.text)
        self.assertEqual(self.url_open(f"/my/appointments/{self.mine.id}").status_code, 200)
        for path in (f"/my/appointments/{self.theirs.id}", "/my/appointments/999999"):
            with mute_logger("odoo.http"):
                page = self.url_open(path)
            self.assertIn(page.status_code, (403, 404), path)
            self.assertNotIn(self.theirs.license_plate, page.text)
            self.assertNotIn(self.other.name, page.text)
        # nor cancel or move it, with a valid token
        token = self.csrf_token(f"/my/appointments/{self.mine.id}")
        for action in ("cancel", "move"):
            with mute_logger("odoo.http"):
                reply = self.url_open(
                    f"/my/appointments/{self.theirs.id}/{action}", data={"csrf_token": token}
                )
            self.assertIn(reply.status_code, (403, 404))
        self.assertEqual(self.theirs.state, "booked")
        # and the other customer the same way round
        self.authenticate("portal_other_a", "portal_other_a")
        with mute_logger("odoo.http"):
            page = self.url_open(f"/my/appointments/{self.mine.id}")
        self.assertIn(page.status_code, (403, 404))
        self.assertNotIn(self.customer.name, page.text)

    def test_post_without_csrf_is_refused(self):
        self.authenticate("portal_customer_a", "portal_customer_a")
        for path in (f"/my/appointments/{self.mine.id}/cancel", "/my/appointments/new"):
            with mute_logger("odoo.http"):
                reply = self.url_open(path, data={"vehicle_id": self.mine.vehicle_id.id})
            self.assertEqual(reply.status_code, 400, path)
        self.assertEqual(self.mine.state, "booked")

    def test_cancel_with_the_form(self):
        self.authenticate("portal_customer_a", "portal_customer_a")
        token = self.csrf_token(f"/my/appointments/{self.mine.id}")
        reply = self.url_open(f"/my/appointments/{self.mine.id}/cancel", data={"csrf_token": token})
        self.assertEqual(reply.status_code, 200)
        self.assertIn("message=cancelled", reply.url)
        self.assertEqual(self.mine.state, "cancelled")

    def test_rate_limit(self):
        self.authenticate("portal_customer_a", "portal_customer_a")
        token = self.csrf_token("/my/appointments/new")
        data = {"csrf_token": token, "vehicle_id": self.mine.vehicle_id.id, "slot": "nonsense"}
        for __ in range(DEFAULT_HITS):
            self.assertEqual(self.url_open("/my/appointments/new", data=data).status_code, 200)
        with mute_logger("odoo.http"):
            reply = self.url_open("/my/appointments/new", data=data)
        self.assertEqual(reply.status_code, 429)
        self.assertFalse(
            self.env["fleet.aftersales.appointment"].search(
                [("partner_id", "=", self.customer.id), ("source", "=", "online")]
            )
        )


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalBookingTour(PortalBookingHttpCase):
    """A customer books online on a phone (390x844, touch)."""

    browser_size = "390x844"
    touch_enabled = True

    def test_book_online_on_a_phone(self):
        self.start_tour(
            "/my/appointments", "fleet_aftersales_portal_booking_tour", login="portal_customer_a"
        )
        booking = self.env["fleet.aftersales.appointment"].search(
            [("partner_id", "=", self.customer.id), ("source", "=", "online")]
        )
        self.assertEqual(len(booking), 1)
        self.assertRecordValues(
            booking, [{"company_id": self.shop_a.id, "state": "booked", "is_slot_held": True}]
        )
        tomorrow = self.shop_a._aftersales_today() + timedelta(days=1)
        self.assertEqual(booking.booking_date, tomorrow)
