# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

from ..tools import actions, booking_slots
from .fleet_aftersales_state_mixin import button
from .fleet_aftersales_visit import VISIT_TYPES

#: the states in which a booking holds its advisor and its service bay
HOLDING_STATES = ("booked", "confirmed", "arrived")
#: the states of a booking whose customer is still expected
EXPECTED_STATES = ("booked", "confirmed")
#: how far ahead the next free slot is looked for
SEARCH_DAYS = 60
_HOLDING_SQL = "is_slot_held AND state IN ('booked', 'confirmed', 'arrived')"


class FleetAftersalesAppointment(models.Model):
    """A booking (预约): a customer's car expected at the shop, with an advisor, in a slot.

    Bookings still to come are checked against the shop's working calendar (attendances
    and leaves), its advisors and its service bays; the database itself refuses two
    bookings of one advisor, or of one bay, at the same time (``_sql_constraints``).
    """

    _name = "fleet.aftersales.appointment"
    _description = "Service Booking"
    _inherit = ["mail.thread", "mail.activity.mixin", "fleet.aftersales.state.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _aftersales_initial_states = ("booked",)
    _aftersales_folded_states = ("cancelled",)
    _aftersales_button_fields = ("state", "bay_number", "is_slot_held")

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        help="Defaults to the car's owner.",
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('owner_id', '=?', partner_id)]",
        help="One of the customer's cars.",
    )
    license_plate = fields.Char(related="vehicle_id.license_plate")
    advisor_id = fields.Many2one(
        "res.users",
        string="Service Advisor",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Receives the car; takes one booking at a time.",
    )
    service_type = fields.Selection(
        VISIT_TYPES, required=True, default="maintenance", tracking=True
    )
    date_start = fields.Datetime(string="Start", required=True, index=True, tracking=True)
    date_end = fields.Datetime(
        string="End",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Defaults to the start plus the shop's booking slot.",
    )
    booking_date = fields.Date(
        string="Booking Day",
        compute="_compute_booking_date",
        store=True,
        index=True,
        help="The booking's day in the shop's time zone: the day before, its reminder; "
        "once over, a booking not arrived is a no-show.",
    )
    source = fields.Selection(
        [
            ("reminder_call", "Reminder Call"),
            ("inbound_call", "Inbound Call"),
            ("new_car", "New-Car Handover"),
            ("campaign", "Campaign"),
            ("walk_in", "Walk-in"),
            ("online", "Online"),
        ],
        required=True,
        default="inbound_call",
        index=True,
        help="How the booking came: active (our reminder calls, handovers, campaigns) or "
        "passive (the customer called, came or booked online).",
    )
    callback_id = fields.Many2one(
        "fleet.aftersales.callback",
        string="Booked on Call",
        index=True,
        copy=False,
        check_company=True,
        help="The call that booked it.",
    )
    call_ids = fields.One2many(
        "fleet.aftersales.callback",
        "appointment_id",
        string="Calls",
        help="The calls about this booking: its reminder, its no-show follow-up.",
    )
    call_count = fields.Integer(compute="_compute_call_count")
    visit_id = fields.Many2one(
        "fleet.aftersales.visit",
        string="Service Visit",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
    )
    note = fields.Text()
    state = fields.Selection(
        [
            ("booked", "Booked"),
            ("confirmed", "Confirmed"),
            ("arrived", "Arrived"),
            ("no_show", "No-Show"),
            ("cancelled", "Cancelled"),
        ],
        default="booked",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    is_slot_held = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="Technical: booked for a time still to come, so it holds its advisor and its "
        "service bay. Bookings of the past (history, late entries) hold nothing.",
    )
    bay_number = fields.Integer(
        string="Service Bay", readonly=True, copy=False, help="The bay the booking holds."
    )

    # the database refuses double bookings, whatever the transactions in parallel: the
    # Python checks below only see what is committed (odoo18:hr_work_entry, its
    # int4range trick needs no btree_gist extension)
    _sql_constraints = [
        (
            "date_order",
            "CHECK(date_end IS NULL OR date_end > date_start)",
            "A booking ends after it starts.",
        ),
        (
            "advisor_no_overlap",
            "EXCLUDE USING GIST (int4range(advisor_id, advisor_id, '[]') WITH =, "
            f"tsrange(date_start, date_end) WITH &&) WHERE ({_HOLDING_SQL})",
            "The advisor already has a booking at that time (booked at the same moment "
            "by someone else): choose another slot.",
        ),
        (
            "bay_no_overlap",
            "EXCLUDE USING GIST (int4range(company_id, company_id, '[]') WITH =, "
            "int4range(bay_number, bay_number, '[]') WITH =, "
            f"tsrange(date_start, date_end) WITH &&) WHERE ({_HOLDING_SQL})",
            "That service bay is booked at that time (booked at the same moment by someone "
            "else): choose another slot.",
        ),
        (
            "bay_held",
            f"CHECK(NOT ({_HOLDING_SQL}) OR bay_number > 0)",
            "A booking still to come holds a service bay.",
        ),
    ]

    # ---- Compute ----------------------------------------------------------------------
    @api.depends("vehicle_id")
    def _compute_partner_id(self):
        for booking in self:
            booking.partner_id = booking.vehicle_id.owner_id or booking.partner_id

    @api.depends("date_start", "company_id")
    def _compute_date_end(self):
        for booking in self:
            booking.date_end = booking.date_start and (
                booking.date_start + booking.company_id._aftersales_slot_duration()
            )

    @api.depends("date_start", "company_id")
    def _compute_booking_date(self):
        for booking in self:
            booking.booking_date = booking.date_start and (
                booking.company_id._aftersales_localize(booking.date_start).date()
            )

    @api.depends("call_ids")
    def _compute_call_count(self):
        # a booking has a call or two (its reminder, its no-show follow-up): the one2many,
        # read for the whole batch at once, is the count
        for booking in self:
            booking.call_count = len(booking.call_ids)

    @api.depends("partner_id", "date_start", "company_id")
    def _compute_display_name(self):
        for booking in self:
            when = booking.date_start and booking._format_local(booking.date_start)
            booking.display_name = " - ".join(filter(None, [booking.partner_id.name, when]))

    # ---- Constraints ------------------------------------------------------------------
    @api.constrains("partner_id", "vehicle_id")
    def _check_vehicle_of_customer(self):
        for booking in self:
            if not booking.partner_id or booking.vehicle_id.owner_id != booking.partner_id:
                raise ValidationError(
                    self.env._(
                        "Booking %(name)s: %(car)s is not a car of %(customer)s.",
                        name=booking.display_name,
                        car=booking.vehicle_id.display_name,
                        customer=booking.partner_id.name,
                    )
                )

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        bookings = super().create(vals_list)
        bookings._book_slots()
        bookings.callback_id._on_booked(bookings)
        bookings.filtered(
            lambda b: b.service_type == "first_service"
        ).vehicle_id._aftersales_first_service_booked()
        return bookings

    def write(self, vals):
        res = super().write(vals)
        if {"date_start", "date_end", "advisor_id", "company_id", "state"} & set(vals):
            self._book_slots()
        if {"date_start", "company_id", "state"} & set(vals):
            self._update_calls("date_start" in vals)
        return res

    # ---- Actions ----------------------------------------------------------------------
    @button
    def action_confirm(self):
        """The customer confirmed the booking (on the reminder call, or by reply)."""
        return self._move_state(
            ("booked",), "confirmed", self.env._("Only a booked booking can be confirmed.")
        )

    @button
    def action_arrive(self):
        """The customer came: the visit is received now, by the booking's advisor; its form
        opens to take the odometer reading."""
        self._check_state(EXPECTED_STATES, self.env._("Only a booking still expected can arrive."))
        visits = self.env["fleet.aftersales.visit"].create(
            [booking._prepare_visit_values() for booking in self]
        )
        for booking, visit in zip(self, visits, strict=True):
            booking.write({"state": "arrived", "visit_id": visit.id})
        return actions.form_action(visits) if len(visits) == 1 else True

    @button
    def action_no_show(self):
        message = self.env._("Only a booking still expected can be missed.")
        return self._move_state(EXPECTED_STATES, "no_show", message)

    @button
    def action_cancel(self):
        message = self.env._("Only a booking still expected can be cancelled.")
        return self._move_state(EXPECTED_STATES, "cancelled", message)

    @button
    def action_reset(self):
        """Book a cancelled or missed booking again (its slot is checked again)."""
        message = self.env._("Only a cancelled or missed booking can be booked again.")
        return self._move_state(("cancelled", "no_show"), "booked", message)

    def action_view_visit(self):
        self.ensure_one()
        return actions.form_action(self.visit_id)

    def action_view_calls(self):
        action = "fleet_aftersales.fleet_aftersales_callback_action"
        return actions.records_action(self.env, action, [("appointment_id", "in", self.ids)])

    # ---- Scheduled actions --------------------------------------------------------------
    @api.model
    def _cron_mark_no_shows(self, limit=5000):
        """At the end of a booking's day (the shop's time zone), a booking still expected
        becomes a no-show, and gets its follow-up call the next call day.

        Hourly, so that each shop's midnight is seen whatever its time zone: per company,
        the bookings still expected whose day (``booking_date``) is before the company's
        today move through :meth:`action_no_show`; the follow-ups are then made by the
        daily action's engine for the ``no_show_followup`` kind only. Idempotent: a
        no-show is no longer expected, and the kind's key (booking and day) refuses a
        second follow-up. At most ``limit`` bookings a company per run; more re-trigger it.
        """
        Callback = self.env["fleet.aftersales.callback"]
        kinds = [Callback._get_kinds()["no_show_followup"]]
        generator = self.env["fleet.aftersales.callback.generator"]
        more = False
        for company in self.env["res.company"].search([]):
            missed = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", EXPECTED_STATES),
                    ("booking_date", "<", company._aftersales_today()),
                ],
                limit=limit + 1,
                order="date_start, id",
            )
            more |= len(missed) > limit
            missed[:limit].with_context(tracking_disable=True).action_no_show()
            more |= generator._generate_for_company(company, kinds)[1]
        if more:
            self.env.ref("fleet_aftersales.ir_cron_mark_no_shows")._trigger()

    # ---- Business ---------------------------------------------------------------------
    def _prepare_visit_values(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "vehicle_id": self.vehicle_id.id,
            "partner_id": self.partner_id.id,
            "advisor_id": self.advisor_id.id,
            "visit_type": self.service_type,
            "reception_datetime": fields.Datetime.now(),
        }

    def _update_calls(self, moved):
        """The calls about these bookings follow them (the kinds' ``refresh``): a booking
        cancelled, arrived or moved to another day ends its pending reminder. A booking
        moved from its reminder call (the call's **Move Booking**) ends that call, done.

        The booking's advisor or agent moves it; the calls about it are the agents': the
        narrow write of their state is done as superuser."""
        reminder_id = self.env.context.get("fleet_aftersales_moved_on_call")
        if moved and reminder_id:
            self.env["fleet.aftersales.callback"].browse(reminder_id)._on_booking_moved(self)
        Callback = self.env["fleet.aftersales.callback"].sudo()
        kinds = [
            kind
            for kind in Callback._get_kinds().values()
            if getattr(kind, "source_model", None) == self._name
        ]
        for company, bookings in self.grouped("company_id").items():
            today = company._aftersales_today()
            for kind in kinds:
                kind.refresh(Callback, company, today, appointments=bookings)

    def _book_slots(self):
        """Give each booking still to come its service bay, once its slot was checked; a
        booking of the past (imported history, entered late) holds nothing."""
        now = fields.Datetime.now()
        for booking in self:
            if booking.state not in HOLDING_STATES or booking.date_end <= now:
                if booking.is_slot_held:
                    booking._as_button().write({"is_slot_held": False, "bay_number": 0})
                continue
            refusal, bay = booking._get_slot_refusal()
            if refusal:
                raise ValidationError(booking._slot_refusal_message(refusal))
            booking._as_button().write({"is_slot_held": True, "bay_number": bay})

    def _get_slot_refusal(self):
        """Why this booking's slot cannot be had (a message), else ``None``, and the
        service bay it gets."""
        self.ensure_one()
        company = self.company_id
        start, end = self.date_start, self.date_end
        closed = self._get_closed_reason(start, end)
        if closed:
            return closed, None
        held = self._get_held(company, start, end)
        if booking_slots.advisor_is_busy(held, self.advisor_id.id, start, end):
            return self.env._(
                "%(advisor)s already has a booking then", advisor=self.advisor_id.name
            ), None
        bay = booking_slots.free_bay(held, company.aftersales_service_bays, start, end)
        if not bay:
            return self.env._(
                "all %(bays)s service bays of %(shop)s are booked then",
                bays=company.aftersales_service_bays,
                shop=company.name,
            ), None
        return None, bay

    def _get_closed_reason(self, start, end):
        """Why the shop does not work during ``[start, end)`` (naive UTC), if it does not:
        a leave of its working calendar (a public holiday), or outside its attendances."""
        company = self.company_id
        calendar = company.resource_calendar_id
        if not calendar:
            return None
        utc_start, utc_end = pytz.utc.localize(start), pytz.utc.localize(end)
        tz = company._get_aftersales_tz()
        leaves = [
            leave
            for leave in calendar._leave_intervals_batch(utc_start, utc_end, tz=tz)[False]
            if leave[0] < leave[1]
        ]
        if leaves:
            return self.env._(
                "%(shop)s is closed (%(leave)s)",
                shop=company.name,
                leave=leaves[0][2][:1].name or self.env._("holiday"),
            )
        work = calendar._work_intervals_batch(utc_start, utc_end, tz=tz)[False]
        if not booking_slots.fits(work, utc_start, utc_end):
            return self.env._("outside the working hours of %(shop)s", shop=company.name)
        return None

    def _get_held(self, company, start, end):
        """What the other bookings of ``company`` hold between ``start`` and ``end``:
        ``(start, end, advisor_id, bay)``, naive UTC."""
        domain = [
            ("company_id", "=", company.id),
            ("is_slot_held", "=", True),
            ("state", "in", HOLDING_STATES),
            ("date_start", "<", end),
            ("date_end", ">", start),
            ("id", "not in", self.ids),
        ]
        # every booking of the shop counts, whichever the user may read (an advisor sees
        # a colleague's bookings all the same): only their times and bays are read
        rows = self.sudo().search_read(
            domain, ["date_start", "date_end", "advisor_id", "bay_number"], load=None
        )
        return [(r["date_start"], r["date_end"], r["advisor_id"], r["bay_number"]) for r in rows]

    def _slot_refusal_message(self, refusal):
        self.ensure_one()
        after = max(self.date_start, fields.Datetime.now())
        slot = self._next_free_slot(
            self.company_id, self.advisor_id, after, self.date_end - self.date_start
        )
        company = self.company_id
        return self.env._(
            "The booking of %(customer)s on %(when)s cannot be made: %(reason)s. "
            "Next free slot: %(slot)s (%(tz)s).",
            customer=self.partner_id.name,
            when=self._format_local(self.date_start),
            reason=refusal,
            slot=self._format_local(slot) if slot else self.env._("none within 60 days"),
            tz=company._get_aftersales_tz().zone,
        )

    @api.model
    def _next_free_slot(self, company, advisor, after, duration=None):
        """The first slot at or after ``after`` (naive UTC) in which ``company`` works and
        ``advisor`` and a service bay are free, as naive UTC; ``None`` within 60 days."""
        duration = duration or company._aftersales_slot_duration()
        start, end = after, after + timedelta(days=SEARCH_DAYS)
        held = self._get_held(company, start, end)
        intervals = self._get_work_intervals(company, start, end)
        return booking_slots.first_free_slot(
            intervals,
            held,
            advisor.id,
            company.aftersales_service_bays,
            duration,
            company._aftersales_slot_duration(),
            after,
        )

    @api.model
    def _get_work_intervals(self, company, start, end):
        """The working time of ``company`` from the day of ``start`` to ``end`` (naive
        UTC): its working calendar's attendances (lunch break left out) less its leaves
        (public holidays), as naive UTC ``(start, end)`` pairs; without a calendar, the
        whole time."""
        calendar = company.resource_calendar_id
        if not calendar:
            return [(start, end)]
        tz = company._get_aftersales_tz()
        day_start = pytz.utc.localize(start).astimezone(tz)
        day_start = day_start.replace(hour=0, minute=0, second=0, microsecond=0)
        return [
            (
                s.astimezone(pytz.utc).replace(tzinfo=None),
                e.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for s, e, _ in calendar._work_intervals_batch(day_start, pytz.utc.localize(end), tz=tz)[
                False
            ]
        ]

    @api.model
    def _next_free_slot_from(self, company, advisor, day=None):
        """The first free slot (:meth:`_next_free_slot`) on or after ``day`` (the
        company's day), never in the past; from now without a day."""
        after = fields.Datetime.now()
        if day:
            after = max(after, company._aftersales_to_utc(datetime.combine(day, time())))
        return self._next_free_slot(company, advisor, after)

    def _format_local(self, utc_datetime):
        """A naive UTC datetime in the shop's time zone, in the reader's format."""
        company = self.company_id or self.env.company
        return format_datetime(
            self.env, utc_datetime, tz=company._get_aftersales_tz().zone, dt_format="short"
        )
