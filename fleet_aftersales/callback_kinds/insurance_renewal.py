# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from .base import ReminderKind, _lt, register


@register
class InsuranceRenewal(ReminderKind):
    """Insurance renewal (续保提醒) some days before the car's insurance expires."""

    code = "insurance_renewal"
    label = _lt("Insurance Renewal")
    sequence = 50
    daily = True
    email_template = "fleet_aftersales.mail_template_insurance_renewal"
    sms_template = "fleet_aftersales.sms_template_insurance_renewal"
    source_model = "fleet.vehicle"
    date_field = "insurance_expiry_date"
    link_field = "vehicle_id"

    def get_window(self, company, today):
        return today, today + timedelta(days=company.aftersales_insurance_lead_days)

    def get_domain(self, company):
        return [("company_id", "in", (company.id, False)), ("owner_id", "!=", False)]

    def prepare_values(self, callbacks, source, company, today):
        partner = source.owner_id
        return {
            "partner_id": partner.id,
            "vehicle_id": source.id,
            "channel": partner.preferred_channel or "phone",
            "reminder_date": source.insurance_expiry_date,
            "note": callbacks.env._(
                "Insurance expires on %(date)s.", date=source.insurance_expiry_date
            ),
        }
