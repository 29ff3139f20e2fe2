# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from .base import AppointmentKind, _lt, register


@register
class NoShowFollowup(AppointmentKind):
    """No-show follow-up (爽约回访): a customer who did not come to a booking is called
    the next call day after it, and booked again (its **Book** button).

    The bookings become no-shows at the end of their day (the hourly no-show action,
    which then creates these calls at once); the daily action creates those of bookings
    a user marked no-show, within the callback expiry."""

    code = "no_show_followup"
    label = _lt("No-Show Follow-up")
    booking_source = "reminder_call"
    script_purpose = _lt(
        "We missed you at your booking: is everything all right, and shall I book a new time?"
    )
    sequence = 76
    daily = True
    source_states = ("no_show",)

    def get_window(self, company, today):
        expiry = timedelta(days=company.aftersales_callback_expiry_days)
        return today - expiry, today - timedelta(days=1)

    def get_note(self, booking, reader):
        return reader._(
            "Did not come to the booking of %(when)s with %(advisor)s: book again.",
            when=booking._format_local(booking.date_start),
            advisor=booking.advisor_id.name,
        )
