# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from ..tools.batch_texts import BatchTexts
from .base import VehicleReminderKind, _lt, register


@register
class MaintenanceReminder(VehicleReminderKind):
    """Service due (保养提醒): some days before the next service date, by the
    customer's preferred channel. It follows the date when the date moves."""

    code = "maintenance_reminder"
    label = _lt("Maintenance Reminder")
    booking_source = "reminder_call"
    script_purpose = _lt("Your car is due for its next service soon: shall I book a time for you?")
    sequence = 40
    daily = True
    email_template = "fleet_aftersales.mail_template_maintenance_reminder"
    sms_template = "fleet_aftersales.sms_template_maintenance_reminder"
    date_field = "next_service_date"

    def get_window(self, company, today):
        expiry = timedelta(days=company.aftersales_callback_expiry_days)
        return today - expiry, today + timedelta(days=company.aftersales_maintenance_lead_days)

    def prepare_values(self, callbacks, source, company, today, texts=None):
        texts = texts or BatchTexts().reader(company)
        values = {
            "date": texts.date(source.next_service_date),
            "km": int(source.next_service_odometer),
        }
        if source.last_service_date:
            note = texts._("Service due on %(date)s or at %(km)s km.", **values)
        else:
            note = texts._("First service (首保) due on %(date)s or at %(km)s km.", **values)
        return dict(super().prepare_values(callbacks, source, company, today), note=note)

    def refresh(self, callbacks, company, today, vehicles=None):
        """Pending reminders follow their vehicle's next service date.

        A reminder whose due date moved (a service was done, the odometer changed) moves
        with it while the new date is still within the lead time, and is cancelled
        otherwise: a reminder never survives the service it announced.
        """
        moved = self.get_pending(callbacks, company, vehicles).filtered(
            lambda r: r.reminder_date != r.vehicle_id.next_service_date
        )
        last = today + timedelta(days=company.aftersales_maintenance_lead_days)
        to_cancel = callbacks.browse()
        for reminder in moved:
            due = reminder.vehicle_id.next_service_date
            if due and due <= last:
                reminder.write({"reminder_date": due})
            else:
                to_cancel |= reminder
        return self.cancel_stale(
            to_cancel,
            company,
            lambda reader: reader._("The service it announced was done or moved."),
        )
