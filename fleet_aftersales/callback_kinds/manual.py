# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Kinds the daily action does not generate: their callbacks come from a campaign, a
resolved complaint or a customer who calls in."""

from .base import CallbackKind, _lt, register


@register
class ComplaintConfirmation(CallbackKind):
    """Confirm with the customer that a resolved complaint is solved (投诉回访)."""

    code = "complaint_confirmation"
    label = _lt("Complaint Confirmation")
    script_purpose = _lt(
        "We would like to confirm that the problem you reported is solved to your satisfaction."
    )
    sequence = 80
    rates_service = True


@register
class Campaign(CallbackKind):
    """Invitation to a campaign (关怀活动): a call, then a letter."""

    code = "campaign"
    label = _lt("Campaign Invitation")
    booking_source = "campaign"
    script_purpose = _lt("We are holding a customer care event and would be glad to invite you.")
    sequence = 90
    # one invitation call per campaign and customer
    unique_columns = ("campaign_id", "partner_id", "channel")
    unique_where = "campaign_id IS NOT NULL AND parent_id IS NULL AND channel = 'phone'"


@register
class Inbound(CallbackKind):
    """A customer who called in, recorded by the agent who answered."""

    code = "inbound"
    label = _lt("Inbound Call")
    script_purpose = _lt("Thank you for calling: how may I help you?")
    sequence = 100
