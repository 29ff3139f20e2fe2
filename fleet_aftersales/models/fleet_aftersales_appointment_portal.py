# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import booking_slots
from .fleet_aftersales_appointment import EXPECTED_STATES, SEARCH_DAYS

ADVISOR_GROUP = "fleet_aftersales.fleet_aftersales_group_advisor"
MANAGER_GROUP = "fleet_aftersales.fleet_aftersales_group_manager"
#: the days of free slots the portal shows at once
PORTAL_DAYS = 7


class FleetAftersalesAppointment(models.Model):
    """Bookings made, moved and cancelled by the customer on the portal (/my/appointments).

    The customer books from the shop's free capacity, as the back-office sees it (the
    same working calendar, advisors and service bays, :mod:`..tools.booking_slots`): a
    booking arrives ``booked``, with the source "online", like a booking taken on the
    phone; the reminder call of the day before confirms it. The shop's advisor who gets
    it is told in the chatter (notified in their inbox)."""

    _name = "fleet.aftersales.appointment"
    _inherit = ["fleet.aftersales.appointment", "portal.mixin"]

    def _compute_access_url(self):
        # every booking gets its page: the mixin's default ("#") is not needed first
        for booking in self:
            booking.access_url = f"/my/appointments/{booking.id}"

    # ---- What the portal offers ---------------------------------------------------------
    @api.model
    def _get_portal_shops(self, vehicle):
        """The shops where the customer may book ``vehicle``: the car's shop, else the
        shops that serviced it (a car of no shop), among those the customer's login reads
        (a booking of another shop would be out of their sight), as superuser
        records: the shop's calendar and time zone are read from them."""
        # sudo: the customer reads their car and visits in their own shops only; only
        # the shops are kept, and only those the customer's login may see
        vehicle = vehicle.sudo()
        shops = vehicle.company_id or vehicle.visit_ids.company_id
        return shops & self.env.companies

    @api.model
    def _get_portal_advisors(self, company, vehicle=None):
        """The advisors who receive the cars booked online at ``company``: its service
        advisors (not its after-sales managers, unless there is no one else), the advisor
        of the car's last visit there first."""
        users = self.env["res.users"].sudo()._get_aftersales_group_users(ADVISOR_GROUP, company)
        # sudo: the customer reads no user; the pool is only used to give the booking an
        # advisor, never shown
        advisors = users.filtered(lambda u: not u.has_group(MANAGER_GROUP)) or users
        if vehicle:
            # sudo: only the advisor of the car's last visit in this shop is used
            last = vehicle.sudo().visit_ids.filtered(lambda v: v.company_id == company)[:1]
            advisors = (last.advisor_id & advisors) | advisors
        return advisors

    @api.model
    def _get_free_slots(self, company, date_from, days=1, vehicle=None):
        """The free booking slots of ``company`` on ``days`` days from ``date_from``
        (its days), never in the past: their starts, naive in the shop's time zone. The
        back-office's
        capacity: the working calendar (lunch break, holidays), a service bay and an
        advisor free. Called on a booking, its own slot counts as free (to move it)."""
        # sudo: the shop's calendar and time zone (its partner's) are not the customer's
        # to read; only the free times are given back
        company = company.sudo()
        start = company._aftersales_to_utc(datetime.combine(date_from, time()))
        end = company._aftersales_to_utc(datetime.combine(date_from + timedelta(days=days), time()))
        after = max(start, fields.Datetime.now())
        if end <= after:
            return []
        advisors = self._get_portal_advisors(company, vehicle)
        duration = company._aftersales_slot_duration()
        slots = booking_slots.free_slots(
            self._get_work_intervals(company, start, end),
            self._get_held(company, start, end),
            advisors.ids,
            company.aftersales_service_bays,
            duration,
            duration,
            after,
        )
        return [
            company._aftersales_localize(slot) for slot, _advisor in slots if slot + duration <= end
        ]

    # ---- What the customer does ---------------------------------------------------------
    @api.model
    def _portal_book(self, vehicle, local_start, company=None, service_type="maintenance"):
        """The customer (the current portal user) books ``vehicle`` at ``local_start``
        (naive, the shop's time): its shop (or ``company``, one of
        :meth:`_get_portal_shops`), the customer the car's owner, the source "online".
        The slot's capacity is checked again here, in the transaction that books it."""
        customer = self.env.user.commercial_partner_id
        vehicle = vehicle.exists()
        # sudo: the owner's commercial partner is compared, not shown
        if not vehicle or vehicle.sudo().owner_id.commercial_partner_id != customer:
            raise UserError(self.env._("You can only book one of your own cars."))
        shops = self._get_portal_shops(vehicle)  # superuser records, see the method
        company = shops.filtered(lambda s: s == company) if company else shops[:1]
        if not company:
            raise UserError(self.env._("Choose the shop of your car."))
        if service_type not in dict(self._fields["service_type"].selection):
            raise UserError(self.env._("Choose the service you come for."))
        start = self._check_portal_slot(company, local_start)
        vals = {
            "company_id": company.id,
            "vehicle_id": vehicle.id,
            # the car's owner: the customer, or one of the customer's contacts (sudo: its
            # id only, checked above)
            "partner_id": vehicle.sudo().owner_id.id,
            "advisor_id": self._pick_portal_advisor(company, start, vehicle).id,
            "service_type": service_type,
            "date_start": start,
            "source": "online",
        }
        # sudo: the customer may not create bookings (read only); the values are the
        # ones checked above, the capacity is checked by create as for the staff
        booking = self._portal_write_slot(
            company, lambda: self.sudo().with_context(mail_create_nosubscribe=True).create(vals)
        )
        booking._portal_notify(
            lambda reader: reader._(
                "Booked online by the customer: %(when)s.",
                when=booking.with_env(reader)._format_local(booking.date_start),
            )
        )
        return booking.with_env(self.env)

    def _portal_move(self, local_start):
        """The customer moves this booking to ``local_start`` (naive, the shop's time);
        the new slot's capacity is checked again."""
        self.ensure_one()
        self._check_portal_changeable()
        # sudo: the shop's calendar and time zone (its partner's) are not the customer's
        # to read
        company = self.sudo().company_id
        start = self._check_portal_slot(company, local_start)
        before = self.sudo()._format_local(self.date_start)
        advisor = self._pick_portal_advisor(company, start, self.vehicle_id)
        # sudo: the customer may not write bookings; only its time (and the advisor free
        # then) moves, checked by write as for the staff
        self._portal_write_slot(company, lambda: self.sudo()._portal_write_move(start, advisor))
        self._portal_notify(
            lambda reader: reader._(
                "Moved online by the customer from %(before)s to %(when)s.",
                before=before,
                when=self.with_env(reader)._format_local(self.date_start),
            )
        )

    def _portal_write_move(self, start, advisor):
        """Move to ``start`` with ``advisor``; the write checks the new slot. The slot
        held is released first: the check's search flushes the new time, which the
        database would refuse as a double booking before the check could tell why."""
        self._as_button().write({"is_slot_held": False, "bay_number": 0})
        self.write({"date_start": start, "advisor_id": advisor.id})

    def _portal_cancel(self):
        """The customer cancels this booking (still to come, not arrived)."""
        self.ensure_one()
        self._check_portal_changeable()
        # sudo: the customer may not write bookings; the button's checks hold
        self.sudo().action_cancel()
        self._portal_notify(lambda reader: reader._("Cancelled online by the customer."))

    # ---- Checks and helpers -------------------------------------------------------------
    def _is_portal_changeable(self):
        """Whether the customer may still cancel or move this booking: expected, and not
        begun."""
        self.ensure_one()
        return self.state in EXPECTED_STATES and self.date_start > fields.Datetime.now()

    def _check_portal_changeable(self):
        if not self._is_portal_changeable():
            raise UserError(
                self.env._("This booking can no longer be changed online: please call the shop.")
            )

    @api.model
    def _check_portal_slot(self, company, local_start):
        """``local_start`` as naive UTC, once it is a slot still to come, within the
        booking horizon, at a slot start of the shop's day; the capacity is for create
        and write to check (their refusal names the next free slot)."""
        start = company._aftersales_to_utc(local_start)
        now = fields.Datetime.now()
        if start <= now or start > now + timedelta(days=SEARCH_DAYS):
            raise UserError(
                self.env._("Choose a slot within the next %(days)s days.", days=SEARCH_DAYS)
            )
        day = company._aftersales_to_utc(datetime.combine(local_start.date(), time()))
        intervals = self._get_work_intervals(company, day, day + timedelta(days=1))
        if not booking_slots.is_slot_start(intervals, start, company._aftersales_slot_duration()):
            raise UserError(self.env._("Choose one of the proposed slots."))
        return start

    def _pick_portal_advisor(self, company, start, vehicle):
        """The advisor free at ``start`` (this booking's own, if free), else the first of
        the pool: then the booking is refused, with the module's message, by its check."""
        duration = company._aftersales_slot_duration()
        held = self._get_held(company, start, start + duration)
        advisors = (self.advisor_id & self._get_portal_advisors(company)) | (
            self._get_portal_advisors(company, vehicle)
        )
        free = advisors.filtered(
            lambda a: not booking_slots.advisor_is_busy(held, a.id, start, start + duration)
        )
        return free[:1] or advisors[:1]

    def _portal_write_slot(self, company, book):
        """Run ``book`` (a create or write of a booking's slot) with the bookings of
        ``company`` locked, and return what it returns.

        Two customers racing for a shop's last slot: the second finds the lock taken,
        fails at once and Odoo retries its request in a new snapshot, where the first
        booking is seen and refused with the refusal message. The database's exclusion
        constraints stay the net (a booking committed between the snapshot and the lock):
        their violation is told as a refusal too."""
        self.env.flush_all()
        # raw SQL: the ORM has no row lock; the company's row stands for its slots
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                company.id,
            )
        )
        try:
            with self.env.cr.savepoint():
                return book()
        except psycopg2.errors.ExclusionViolation as error:
            raise ValidationError(
                self.env._("That slot was just booked by someone else: please choose another slot.")
            ) from error

    def _portal_notify(self, line):
        """Tell the booking's advisor in the chatter what the customer did: ``line`` is
        a function of the reader's environment (the advisor's language, superuser)."""
        # sudo: the customer may not post on the booking's chatter, nor read the shop's
        # time zone (its partner) that the note's times are written in; the note is the
        # module's own text, addressed to the shop's advisor
        for booking in self.sudo():
            reader = booking.company_id._aftersales_reader_env(booking.advisor_id)
            booking.message_post(
                body=line(reader),
                subtype_xmlid="mail.mt_note",
                partner_ids=booking.advisor_id.partner_id.ids,
            )
