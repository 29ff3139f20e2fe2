# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .fleet_aftersales_state_mixin import button


class FleetAftersalesCallback(models.Model):
    """The bookings of a callback: its **Book** button (for the kinds that declare a
    ``booking_source``) and its outcome "booked" (kept apart from the callback's file:
    one concern, and that file's size)."""

    _inherit = "fleet.aftersales.callback"
    _aftersales_button_fields = ("state", "date_done", "outcome")

    outcome = fields.Selection(
        selection="_selection_outcome",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="What the call ended with besides its answers: a booking.",
    )
    appointment_ids = fields.One2many(
        "fleet.aftersales.appointment", "callback_id", string="Bookings"
    )
    is_bookable = fields.Boolean(
        compute="_compute_is_bookable", help="Its kind of call may book a visit."
    )

    @api.model
    def _selection_outcome(self):
        """The outcomes of a call; the hook for other modules."""
        return [("booked", self.env._("Booked"))]

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
