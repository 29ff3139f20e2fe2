# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from .base import ReminderKind, _lt, register


@register
class ClubMember(ReminderKind):
    """Welcome call (入会回访) to a new member of the shop's car club (车友俱乐部): one per
    member and joining day, from the day he joins until the callback expiry, with the
    club's own questions and script."""

    code = "club_member"
    label = _lt("Car Club Welcome Call")
    script_greeting = _lt(
        "Hello {customer}, this is {agent} of {dealer}'s car club. Welcome, dear member!"
    )
    script_purpose = _lt(
        "Thank you for joining our car club: we would like to tell you what the club offers "
        "and hear what you expect of it."
    )
    script_closing = _lt(
        "We look forward to seeing you at the club's next event. Have a pleasant drive, goodbye!"
    )
    sequence = 65
    daily = True
    source_model = "res.partner"
    date_field = "club_join_date"
    link_field = "partner_id"

    def get_window(self, company, today):
        return today - timedelta(days=company.aftersales_callback_expiry_days), today

    def get_domain(self, company):
        return [("is_club_member", "=", True), ("club_company_id", "=", company.id)]

    def prepare_values(self, callbacks, source, company, today):
        # a welcome is a call, whatever channel the customer prefers for reminders
        return {"partner_id": source.id, "channel": "phone", "reminder_date": source.club_join_date}
