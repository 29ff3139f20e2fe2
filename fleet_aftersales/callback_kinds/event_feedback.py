# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .base import EventKind, _lt, register


@register
class EventFeedback(EventKind):
    """Event feedback call (活动回访, seed 004: 对客户参与活动后的感受进行回访): each customer
    who attended a campaign's event is asked how it was, once."""

    code = "event_feedback"
    label = _lt("Event Feedback")
    script_purpose = _lt(
        "Thank you for coming to our event: may I ask how you found it, and what we could "
        "do better next time?"
    )
    sequence = 78
    daily = True
    source_model = "fleet.aftersales.campaign.attendee"
    date_field = "event_date"
    # an event is a visit to the shop: its attendees are called after it as the shop calls
    # its customers after a visit (the seeds name no other delay)
    delay_field = "aftersales_satisfaction_delay"
    link_field = "campaign_attendee_id"

    def get_domain(self):
        return [("attended", "=", True), ("campaign_id.state", "in", ("confirmed", "done"))]

    def prepare_values(self, callbacks, source, company, today):
        # the attendance's customer, car and campaign, and the attendance itself (the key)
        values = {name: source[name].id for name in ("partner_id", "vehicle_id", "campaign_id")}
        return dict(values, campaign_attendee_id=source.id, reminder_date=source.event_date)
