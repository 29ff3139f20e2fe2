# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import actions
from .fleet_aftersales_state_mixin import button


class FleetAftersalesCallback(models.Model):
    """The bookings of a callback: its **Book** button (for the kinds that declare a
    ``booking_source``) and its outcome "booked"; the calls about a booking (its reminder
    the day before, its no-show follow-up: ``appointment_id``) and what the reminder call
    does with it (confirm, move, cancel), recorded as the call's outcome (kept apart from
    the callback's file: one concern, and that file's size)."""

    _inherit = "fleet.aftersales.callback"
    _aftersales_button_fields = ("state", "date_done", "outcome")

    outcome = fields.Selection(
        selection="_selection_outcome",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="What the call ended with besides its answers: a booking made, confirmed, moved or cancelled.",
    )
    appointment_ids = fields.One2many(
        "fleet.aftersales.appointment", "callback_id", string="Bookings Made"
    )
    is_bookable = fields.Boolean(
        compute="_compute_is_bookable", help="Its kind of call may book a visit."
    )

    appointment_id = fields.Many2one(
        "fleet.aftersales.appointment",
        string="Related Booking",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
        help="The booking this call is about: its reminder, or its no-show follow-up.",
    )
    appointment_state = fields.Selection(related="appointment_id.state", string="Booking Status")

    @api.model
    def _selection_outcome(self):
        """The outcomes of a call; the hook for other modules."""
        return [
            ("booked", self.env._("Booked")),
            ("confirmed", self.env._("Booking Confirmed")),
            ("rescheduled", self.env._("Booking Moved")),
            ("booking_cancelled", self.env._("Booking Cancelled")),
        ]

    @api.depends("callback_type")
    def _compute_is_bookable(self):
        kinds = self._get_kinds()
        for callback in self:
            kind = kinds.get(callback.callback_type)
            callback.is_bookable = bool(kind and kind.booking_source)

    def action_book(self):
        """A booking form for the customer's car, at the next free slot; saving it marks
        the call done, booked."""
        self.ensure_one()
        self._check_pending()
        kind = self._get_kinds()[self.callback_type]
        vehicle = self.vehicle_id or self.partner_id.vehicle_ids[:1]
        advisor = self.advisor_id or vehicle.visit_ids[:1].advisor_id
        Appointment = self.env["fleet.aftersales.appointment"]
        slot = Appointment._next_free_slot_from(
            self.company_id, advisor, kind.get_booking_date(self)
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Book"),
            "res_model": Appointment._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_company_id": self.company_id.id,
                "default_partner_id": self.partner_id.id,
                "default_vehicle_id": vehicle.id,
                "default_advisor_id": advisor.id,
                "default_service_type": kind.booking_service_type,
                "default_source": kind.booking_source,
                "default_date_start": slot and fields.Datetime.to_string(slot),
                "default_callback_id": self.id,
            },
        }

    @button
    def _on_booked(self, bookings):
        """The calls that booked ``bookings`` are done, with the outcome "booked"; the
        note says when, in the shop's language."""
        for callback in self.filtered(lambda c: c.state == "pending"):
            booking = bookings.filtered(lambda b, c=callback: b.callback_id == c)[:1]
            reader = callback.company_id._aftersales_reader_env()
            line = reader._(
                "Booked: %(when)s", when=booking.with_env(reader)._format_local(booking.date_start)
            )
            callback.write(
                {
                    "outcome": "booked",
                    "note": "\n".join(filter(None, [(callback.note or "").strip(), line])),
                }
            )
        self.filtered(lambda c: c.state == "pending").action_done()

    @api.model
    def _get_excluded_agents(self, vals_list):
        """Nor the advisor of the booking it is about: the advisor receives the car."""
        excluded = super()._get_excluded_agents(vals_list)
        bookings = self.env["fleet.aftersales.appointment"].browse(
            [v["appointment_id"] for v in vals_list if v.get("appointment_id")]
        )
        advisors = {booking.id: booking.advisor_id.id for booking in bookings}
        return lambda vals: excluded(vals) | {advisors.get(vals.get("appointment_id"))}

    # ---- The reminder call's outcomes -------------------------------------------------
    @button
    def action_confirm_booking(self):
        """The customer confirms on the reminder call: the booking is confirmed and the
        call done, with the outcome "confirmed"."""
        self._check_reminder()
        self._close_on_booking("confirmed", self.env._("Booking confirmed by the customer."))
        self.appointment_id.filtered(lambda b: b.state == "booked").action_confirm()
        return True

    @button
    def action_cancel_booking(self):
        """The customer will not come: the booking is cancelled and the call done (first,
        so that the booking's cancellation does not cancel it)."""
        self._check_reminder()
        self._close_on_booking(
            "booking_cancelled", self.env._("Booking cancelled by the customer.")
        )
        self.appointment_id.action_cancel()
        return True

    def action_open_booking(self):
        """The customer wants another time: the booking's form; moving it there ends this
        call, done, with the outcome "moved"."""
        self.ensure_one()
        action = actions.form_action(self.appointment_id)
        if self.state == "pending" and self.callback_type == "appointment_reminder":
            action["context"] = {"fleet_aftersales_moved_on_call": self.id}
        return action

    @button
    def _on_booking_moved(self, bookings):
        for callback in self.filtered(lambda c: c.state == "pending" and c.appointment_id):
            booking = callback.appointment_id.with_env(callback.company_id._aftersales_reader_env())
            callback._close_on_booking(
                "rescheduled",
                booking.env._(
                    "Booking moved to %(when)s.", when=booking._format_local(booking.date_start)
                ),
            )

    def _check_reminder(self):
        self._check_pending()
        for callback in self:
            if callback.appointment_state not in ("booked", "confirmed"):
                raise UserError(
                    self.env._(
                        "Callback %(name)s: its booking is no longer expected.",
                        name=callback.display_name,
                    )
                )

    def _close_on_booking(self, outcome, line):
        """Done with ``outcome``; ``line`` added to the note."""
        for callback in self:
            callback.write(
                {
                    "outcome": outcome,
                    "note": "\n".join(filter(None, [(callback.note or "").strip(), line])),
                }
            )
        self.action_done()

    # ---- The customer's reply to the reminder ----------------------------------------
    def _message_post_after_hook(self, message, msg_vals):
        """A customer's reply to the booking reminder lands in the booking's chatter too,
        for its advisor and the call's agent, who confirm or move the booking there (a
        reply says "yes", "change it to 3 pm" or asks a question: a person reads it)."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            message.message_type == "email"
            and self.appointment_id
            and message.author_id == self.partner_id
        ):
            self._post_reply_on_booking(message)
        return res

    def _post_reply_on_booking(self, message):
        reader = self.company_id._aftersales_reader_env()
        booking = self.appointment_id
        # the mail gateway posts the reply as whoever fetched it; the booking's chatter line
        # is the customer's, addressed to its advisor and agent: as superuser
        booking.sudo().message_post(
            body=Markup("<p>%s</p>%s")
            % (reader._("The customer replied to the booking reminder:"), message.body),
            author_id=self.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=(booking.advisor_id | self.user_id).partner_id.ids,
        )
