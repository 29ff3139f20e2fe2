# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class FleetAftersalesCampaignAttendee(models.Model):
    """An invited customer of a campaign and whether he or she came to its event: the
    attendees get an event feedback call (``callback_kinds/event_feedback.py``)."""

    _name = "fleet.aftersales.campaign.attendee"
    _description = "Campaign Attendee"
    _order = "campaign_id, partner_id"
    _rec_name = "partner_id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "fleet.aftersales.campaign", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    event_date = fields.Date(related="campaign_id.date", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", check_company=True)
    attended = fields.Boolean(help="The customer came to the event: a feedback call follows.")
    feedback_callback_ids = fields.One2many(
        "fleet.aftersales.callback", "campaign_attendee_id", string="Feedback Calls"
    )

    _sql_constraints = [
        (
            "partner_uniq",
            "UNIQUE(campaign_id, partner_id)",
            "A customer is invited once to a campaign.",
        ),
    ]


class FleetAftersalesCampaign(models.Model):
    # a file per concern: the event's attendance, not the invitations
    _inherit = "fleet.aftersales.campaign"  # pylint: disable=consider-merging-classes-inherited

    attendee_ids = fields.One2many(
        "fleet.aftersales.campaign.attendee", "campaign_id", string="Invited Customers"
    )
    attended_count = fields.Integer(compute="_compute_attended_count")

    @api.depends("attendee_ids.attended")
    def _compute_attended_count(self):
        for campaign in self:
            campaign.attended_count = len(campaign.attendee_ids.filtered("attended"))

    def _create_invitations(self):
        """Each invited customer gets his or her line of attendance (once)."""
        callbacks = super()._create_invitations()
        invited = set(self.attendee_ids.partner_id.ids)
        self.env["fleet.aftersales.campaign.attendee"].create(
            [
                {
                    "campaign_id": self.id,
                    "partner_id": call.partner_id.id,
                    "vehicle_id": call.vehicle_id.id,
                }
                for call in callbacks.filtered(lambda c: c.channel != "letter")
                if call.partner_id.id not in invited
            ]
        )
        return callbacks


class FleetAftersalesCallback(models.Model):
    _inherit = "fleet.aftersales.callback"  # pylint: disable=consider-merging-classes-inherited

    campaign_attendee_id = fields.Many2one(
        "fleet.aftersales.campaign.attendee",
        string="Event Attendance",
        index=True,
        copy=False,
        readonly=True,
        ondelete="restrict",
        help="The attendance this event feedback call is about: one call per attendee.",
    )
