# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .base import EventKind, _lt, register


@register
class SecondFollowup(EventKind):
    """A second follow-up a week after the satisfaction call was done."""

    code = "second_followup"
    label = _lt("Second Follow-up")
    script_purpose = _lt(
        "We are calling again to check that all is well with your car since our last call."
    )
    sequence = 20
    rates_service = True
    daily = True
    source_model = "fleet.aftersales.callback"
    date_field = "date_done"
    delay_field = "aftersales_second_followup_delay"
    link_field = "parent_id"

    def get_domain(self):
        return [("callback_type", "=", "satisfaction"), ("state", "=", "done")]

    def prepare_values(self, callbacks, source, company, today):
        return {
            "partner_id": source.partner_id.id,
            "vehicle_id": source.vehicle_id.id,
            "visit_id": source.visit_id.id,
            "parent_id": source.id,
            # the agent of the first call knows the customer already (and is not the advisor)
            "user_id": source.user_id.id,
        }
