# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .base import EventKind, _lt, register


@register
class Satisfaction(EventKind):
    """Satisfaction call (满意度回访) some days after a visit's car was picked up."""

    code = "satisfaction"
    label = _lt("Satisfaction Call")
    script_purpose = _lt(
        "Your car was serviced with us recently: may I take two minutes to ask how we served you?"
    )
    sequence = 10
    rates_service = True
    in_satisfaction_rate = True
    daily = True
    source_model = "fleet.aftersales.visit"
    date_field = "delivery_date"
    delay_field = "aftersales_satisfaction_delay"
    link_field = "visit_id"

    def get_domain(self):
        return [("state", "=", "delivered"), ("partner_id", "!=", False)]

    def prepare_values(self, callbacks, source, company, today):
        return {
            "partner_id": source.partner_id.id,
            "vehicle_id": source.vehicle_id.id,
            "visit_id": source.id,
        }
