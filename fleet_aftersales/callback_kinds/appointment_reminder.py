# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from .base import AppointmentKind, _lt, register


@register
class AppointmentReminder(AppointmentKind):
    """Booking reminder (预约提醒) the day before the booking, by the customer's preferred
    channel: e-mail and SMS customers get the template, the others a call, on which the
    agent confirms, moves or cancels the booking (``fleet_aftersales_callback_appointment``).

    "The day before" is the shop's last call day before the booking: on a working day,
    the bookings of the days up to the next call day (a booking the morning after a
    holiday is reminded before the holiday, not on its own morning)."""

    code = "appointment_reminder"
    label = _lt("Booking Reminder")
    script_purpose = _lt(
        "I am calling to remind you of your booking with us tomorrow: does the time still suit you?"
    )
    sequence = 75
    daily = True
    email_template = "fleet_aftersales.mail_template_appointment_reminder"
    sms_template = "fleet_aftersales.sms_template_appointment_reminder"
    source_states = ("booked", "confirmed")

    def get_window(self, company, today):
        tomorrow = today + timedelta(days=1)
        return tomorrow, company._aftersales_next_call_day(tomorrow)

    def get_channel(self, booking):
        return booking.partner_id.preferred_channel or "phone"

    def get_note(self, booking, reader):
        return reader._(
            "Booking on %(when)s with %(advisor)s: confirm it with the customer.",
            when=booking._format_local(booking.date_start),
            advisor=booking.advisor_id.name,
        )
