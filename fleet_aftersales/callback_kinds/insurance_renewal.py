# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from ..tools.batch_texts import BatchTexts
from .base import VehicleReminderKind, _lt, register


@register
class InsuranceRenewal(VehicleReminderKind):
    """Insurance renewal (续保提醒) some days before the car's insurance expires."""

    code = "insurance_renewal"
    label = _lt("Insurance Renewal")
    booking_source = "reminder_call"
    booking_service_type = "other"
    script_purpose = _lt("Your car insurance expires soon: may we prepare a renewal quote for you?")
    sequence = 50
    daily = True
    email_template = "fleet_aftersales.mail_template_insurance_renewal"
    sms_template = "fleet_aftersales.sms_template_insurance_renewal"
    date_field = "insurance_expiry_date"

    def get_window(self, company, today):
        return today, today + timedelta(days=company.aftersales_insurance_lead_days)

    def prepare_values(self, callbacks, source, company, today, texts=None):
        texts = texts or BatchTexts().reader(company)
        note = texts._(
            "Insurance expires on %(date)s.", date=texts.date(source.insurance_expiry_date)
        )
        return dict(super().prepare_values(callbacks, source, company, today), note=note)
