# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's bookings on the portal: /my/appointments, book a free slot online,
cancel or move a booking still to come.

The pages read as the customer (the portal record rules show their own bookings and
cars only); what the customer books, moves or cancels goes through the booking model's
``_portal_*`` methods, which check the values and write them as superuser."""

from datetime import datetime, timedelta

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.fleet_aftersales_appointment import EXPECTED_STATES
from ..models.fleet_aftersales_appointment_portal import PORTAL_DAYS
from ..tools.rate_limit import is_rate_limited, rate_limit_message

BOOKING_MODEL = "fleet.aftersales.appointment"
SLOT_FORMAT = "%Y-%m-%d %H:%M"


class AppointmentPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "appointment_count" in counters:
            Booking = request.env[BOOKING_MODEL]
            values["appointment_count"] = (
                Booking.search_count(self._get_appointments_domain(upcoming=True))
                if Booking.has_access("read")
                else 0
            )
        return values

    def _get_appointments_domain(self, upcoming):
        partner = request.env.user.commercial_partner_id
        domain = [("partner_id", "child_of", [partner.id])]
        now = fields.Datetime.now()
        if upcoming:
            return [*domain, ("state", "in", EXPECTED_STATES), ("date_start", ">", now)]
        return [*domain, "|", ("state", "not in", EXPECTED_STATES), ("date_start", "<=", now)]

    def _get_portal_vehicles(self):
        partner = request.env.user.commercial_partner_id
        return request.env["fleet.vehicle"].search([("owner_id", "child_of", [partner.id])])

    def _get_booking(self, booking_id):
        """The customer's own booking (sudo), else 404: another's id says nothing."""
        try:
            return self._document_check_access(BOOKING_MODEL, booking_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    # ---- The list and the booking ---------------------------------------------------
    @http.route(
        ["/my/appointments", "/my/appointments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_appointments(self, page=1, **kw):
        Booking = request.env[BOOKING_MODEL]
        values = self._prepare_portal_layout_values()
        past_domain = self._get_appointments_domain(upcoming=False)
        pager = portal_pager(
            url="/my/appointments",
            total=Booking.search_count(past_domain),
            page=page,
            step=self._items_per_page,
        )
        values.update(
            {
                "page_name": "appointment",
                # sudo (as Odoo's portal lists do): the customer's own bookings, shown
                # in the shop's time zone, its partner's, which the customer may not read
                "upcoming": Booking.search(
                    self._get_appointments_domain(upcoming=True), order="date_start, id"
                ).sudo(),
                "past": Booking.search(
                    past_domain, limit=self._items_per_page, offset=pager["offset"]
                ).sudo(),
                "pager": pager,
                "default_url": "/my/appointments",
            }
        )
        request.session["my_appointments_history"] = (values["upcoming"] | values["past"]).ids[:100]
        return request.render("fleet_aftersales.portal_my_appointments", values)

    @http.route(["/my/appointments/<int:booking_id>"], type="http", auth="user", website=True)
    def portal_appointment_page(self, booking_id, day=None, message=None, **kw):
        booking = self._get_booking(booking_id)
        return self._render_booking(booking, self._parse_day(day), message=message)

    def _render_booking(self, booking, day, message=None, error=None):
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(booking, None, values, "my_appointments_history", False)
        values.update(
            {
                "page_name": "appointment",
                "booking": booking,
                "message": message,
                "error": error,
                "can_change": booking._is_portal_changeable(),
            }
        )
        if values["can_change"]:
            values.update(self._prepare_slot_values(booking.company_id, day, booking))
        return request.render("fleet_aftersales.portal_appointment_page", values)

    # ---- Booking online ---------------------------------------------------------------
    @http.route(["/my/appointments/new"], type="http", auth="user", website=True, methods=["GET"])
    def portal_appointment_new(self, vehicle_id=None, shop_id=None, day=None, **kw):
        return self._render_new(vehicle_id, shop_id, self._parse_day(day))

    @http.route(["/my/appointments/new"], type="http", auth="user", website=True, methods=["POST"])
    def portal_appointment_book(self, vehicle_id=None, shop_id=None, slot=None, **post):
        if limited := self._rate_limited("portal_appointment_book"):
            return limited
        Booking = request.env[BOOKING_MODEL]
        vehicle = request.env["fleet.vehicle"].browse(self._parse_id(vehicle_id))
        shop = request.env["res.company"].browse(self._parse_id(shop_id))
        start = self._parse_slot(slot)
        try:
            if not start:
                raise UserError(request.env._("Choose one of the proposed slots."))
            booking = Booking._portal_book(
                vehicle, start, shop, post.get("service_type") or "maintenance"
            )
        except (UserError, ValidationError) as error:
            day = start.date() if start else None
            return self._render_new(vehicle_id, shop_id, day, error=error.args[0])
        return request.redirect(f"{booking.access_url}?message=booked")

    def _render_new(self, vehicle_id, shop_id, day, error=None):
        vehicles = self._get_portal_vehicles()
        vehicle = vehicles.filtered(lambda v: v.id == self._parse_id(vehicle_id)) or vehicles[:1]
        Booking = request.env[BOOKING_MODEL]
        shops = Booking._get_portal_shops(vehicle) if vehicle else request.env["res.company"]
        shop = shops.filtered(lambda s: s.id == self._parse_id(shop_id)) or shops[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "appointment_new",
                "vehicles": vehicles,
                "vehicle": vehicle,
                "shops": shops,
                "shop": shop,
                "service_types": Booking._fields["service_type"]._description_selection(
                    request.env
                ),
                "error": error,
            }
        )
        if shop:
            values.update(self._prepare_slot_values(shop, day, Booking, vehicle))
        return request.render("fleet_aftersales.portal_appointment_new", values)

    def _prepare_slot_values(self, shop, day, booking, vehicle=None):
        """The days to choose from (the shop's next days), the chosen one (default the
        first with a free slot) and its free slots (``booking``'s own one counts free)."""
        today = shop._aftersales_today()
        days = [today + timedelta(days=n) for n in range(PORTAL_DAYS)]
        free = booking._get_free_slots(shop, day or today, 1 if day else PORTAL_DAYS, vehicle)
        day = day or (free[0].date() if free else today)
        return {
            "days": [(d, format_date(request.env, d, date_format="EEE M/d")) for d in days],
            "day": day,
            "day_label": format_date(request.env, day, date_format="full"),
            "slots": [slot for slot in free if slot.date() == day],
            "slot_format": SLOT_FORMAT,
            "shop_tz": shop._get_aftersales_tz().zone,
        }

    # ---- Cancel, move -------------------------------------------------------------------
    @http.route(
        ["/my/appointments/<int:booking_id>/cancel"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_appointment_cancel(self, booking_id, **post):
        if limited := self._rate_limited("portal_appointment_cancel"):
            return limited
        booking = self._get_booking(booking_id)
        try:
            booking.with_env(request.env)._portal_cancel()
        except (UserError, ValidationError) as error:
            return self._render_booking(booking, None, error=error.args[0])
        return request.redirect(f"{booking.access_url}?message=cancelled")

    @http.route(
        ["/my/appointments/<int:booking_id>/move"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_appointment_move(self, booking_id, slot=None, **post):
        if limited := self._rate_limited("portal_appointment_move"):
            return limited
        booking = self._get_booking(booking_id)
        start = self._parse_slot(slot)
        try:
            if not start:
                raise UserError(request.env._("Choose one of the proposed slots."))
            booking.with_env(request.env)._portal_move(start)
        except (UserError, ValidationError) as error:
            day = start.date() if start else None
            return self._render_booking(booking, day, error=error.args[0])
        return request.redirect(f"{booking.access_url}?message=moved")

    @staticmethod
    def _rate_limited(endpoint):
        """The HTTP 429 answer when this address posts to ``endpoint`` too often, else
        None."""
        if is_rate_limited(request, endpoint):
            return request.make_response(
                rate_limit_message(), [("Content-Type", "text/plain; charset=utf-8")], status=429
            )
        return None

    # ---- Parameters -------------------------------------------------------------------
    @staticmethod
    def _parse_id(value):
        try:
            return int(value or 0)
        except ValueError:
            return 0

    @staticmethod
    def _parse_day(value):
        try:
            return fields.Date.to_date(value) if value else None
        except ValueError:
            return None

    @staticmethod
    def _parse_slot(value):
        try:
            return datetime.strptime(value or "", SLOT_FORMAT)
        except ValueError:
            return None
