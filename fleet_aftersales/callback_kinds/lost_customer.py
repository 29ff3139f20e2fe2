# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from .base import ReminderKind, _lt, register


@register
class LostCustomer(ReminderKind):
    """Win-back call (流失客户回访) to a customer not seen for the lost-customer months:
    always a call, the reason the customer stopped coming is what we want to know."""

    code = "lost_customer"
    label = _lt("Lost Customer")
    sequence = 70
    daily = True
    source_model = "res.partner"
    date_field = "lost_since_date"
    link_field = "partner_id"

    def get_window(self, company, today):
        return today - timedelta(days=company.aftersales_callback_expiry_days), today

    def get_domain(self, company):
        return [("is_lost_customer", "=", True)]

    def prepare_values(self, callbacks, source, company, today):
        return {
            "partner_id": source.id,
            "vehicle_id": source.owned_vehicle_ids[:1].id,
            "reminder_date": source.lost_since_date,
        }
