# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..tools import actions, validation

#: The seeds: the invitation letter follows the phone call within two days.
LETTER_DELAY_DAYS = 2


class FleetAftersalesCampaign(models.Model):
    """A club event, free check-up week or service month (联谊活动, 免费检测周, 优惠服务月).

    On confirmation each targeted customer gets an invitation call two weeks before (by
    default) and an invitation letter two days after the call is due.
    """

    _name = "fleet.aftersales.campaign"
    _description = "After-Sales Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(string="Event Date", required=True, tracking=True)
    place = fields.Char()
    description = fields.Html(help="What the invitation says: programme, offers, what to bring.")
    target_model = fields.Selection(
        [("fleet.vehicle", "Vehicles"), ("res.partner", "Customers")],
        required=True,
        default="res.partner",
        help="Invite the owners of the vehicles matching the target, or the customers matching it.",
    )
    target_domain = fields.Char(
        default="[]",
        help="Which vehicles or customers to invite, e.g. club members, lost customers, or "
        "vehicles due for maintenance next month.",
    )
    invitation_lead_days = fields.Integer(
        string="Invite Days Before",
        default=14,
        help="Days before the event when the invitations are made.",
    )
    invitation_date = fields.Date(compute="_compute_invitation_date", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    callback_ids = fields.One2many("fleet.aftersales.callback", "campaign_id", string="Invitations")
    invitation_count = fields.Integer(compute="_compute_counts")
    letter_count = fields.Integer(compute="_compute_counts")
    target_count = fields.Integer(compute="_compute_target_count")

    @api.depends("date", "invitation_lead_days")
    def _compute_invitation_date(self):
        for campaign in self:
            campaign.invitation_date = (
                campaign.date - timedelta(days=campaign.invitation_lead_days)
                if campaign.date
                else False
            )

    def _compute_counts(self):
        data = {
            (campaign.id, channel): count
            for campaign, channel, count in self.env["fleet.aftersales.callback"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id", "channel"], ["__count"]
            )
        }
        for campaign in self:
            campaign.letter_count = data.get((campaign.id, "letter"), 0)
            campaign.invitation_count = sum(
                count
                for (cid, channel), count in data.items()
                if cid == campaign.id and channel != "letter"
            )

    @api.depends("target_model", "target_domain")
    def _compute_target_count(self):
        for campaign in self:
            try:
                campaign.target_count = (
                    len(campaign._get_target_partners()) if campaign.target_model else 0
                )
            except ValueError:
                # a domain written for the other target model while the user switches it
                campaign.target_count = 0

    # ---- Constraints ------------------------------------------------------------------
    @api.constrains("name")
    def _check_name(self):
        validation.check_not_blank(self, "name")

    @api.constrains("invitation_lead_days")
    def _check_invitation_lead_days(self):
        # a negative lead would invite after the event
        validation.check_minimum(self, {"invitation_lead_days": 0})

    @api.constrains("target_model", "target_domain")
    def _check_target_domain(self):
        """The target is a domain on the target model: evaluated as the invitations
        evaluate it, each of its conditions on a field of that model."""
        for campaign in self:
            try:
                domain = campaign._get_target_domain()
                if not isinstance(domain, list | tuple):
                    raise ValueError(domain)
                expression.expression(domain, self.env[campaign.target_model])
            except Exception as error:  # safe_eval and a bad domain raise many kinds
                raise ValidationError(
                    self.env._(
                        "Campaign %(name)s: the target is not a valid filter of %(model)s "
                        "(%(error)s).",
                        name=campaign.name,
                        model=campaign._fields["target_model"].convert_to_export(
                            campaign.target_model, campaign
                        ),
                        error=error,
                    )
                ) from None

    # ---- Actions ----------------------------------------------------------------------
    def action_confirm(self):
        """Invite the targets: a call each, then a letter two days later (idempotent)."""
        for campaign in self:
            if campaign.state not in ("draft", "confirmed"):
                raise UserError(self.env._("Only draft campaigns can be confirmed."))
            # in the campaign's shop: its opt-outs, its agents
            campaign.with_company(campaign.company_id)._create_invitations()
        self.write({"state": "confirmed"})
        return True

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.callback_ids.filtered(lambda c: c.state == "pending").action_cancel()
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    def action_view_invitations(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "fleet_aftersales.fleet_aftersales_callback_action",
            [("campaign_id", "=", self.id)],
            {"default_campaign_id": self.id},
        )

    # ---- Helpers ----------------------------------------------------------------------
    def _get_target_domain(self):
        """The target domain, evaluated in the campaign's shop (its today)."""
        self.ensure_one()
        today = self.company_id._aftersales_today()
        return safe_eval(
            self.target_domain or "[]",
            {
                "context_today": lambda: today,
                "relativedelta": relativedelta,
                "datetime": datetime,
                "time": time,
                "uid": self.env.uid,
            },
        )

    def _get_target_partners(self):
        """The customers the target domain designates (owners, for a domain on vehicles)."""
        self.ensure_one()
        domain = self._get_target_domain()
        records = self.env[self.target_model].with_company(self.company_id).search(domain)
        partners = records.owner_id if self.target_model == "fleet.vehicle" else records
        return partners.filtered(lambda p: not p.is_company or p.vehicle_ids)

    def _get_letter_note(self):
        """What the agent is asked to send, in the shop's language (several people read it)."""
        shop = self.company_id._aftersales_reader_env()
        return shop._(
            "Send the invitation letter for %(campaign)s.", campaign=self.with_env(shop).name
        )

    def _get_existing_invitations(self, partners):
        """{(partner_id, channel)} of the invitations this campaign already made."""
        return {
            (row["partner_id"][0], row["channel"])
            for row in self.env["fleet.aftersales.callback"]
            .with_company(self.company_id)
            .search_read(
                [("campaign_id", "=", self.id), ("partner_id", "in", partners.ids)],
                ["partner_id", "channel"],
            )
        }

    def _create_invitations(self):
        self.ensure_one()
        Callback = self.env["fleet.aftersales.callback"].with_company(self.company_id)
        partners = self._get_target_partners()
        already = self._get_existing_invitations(partners)
        opted_out = self.env["fleet.aftersales.optout"]._get_opted_out(partners.ids, ["campaign"])
        today = self.company_id._aftersales_today()
        call_day = max(self.invitation_date or today, today)
        calls = [
            {
                "callback_type": "campaign",
                "campaign_id": self.id,
                "partner_id": partner.id,
                "vehicle_id": partner.vehicle_ids[:1].id,
                "company_id": self.company_id.id,
                "date_due": call_day,
                "reminder_date": self.date,
                "channel": "phone",
            }
            for partner in partners
            if (partner.id, "phone") not in already and (partner.id, "campaign") not in opted_out
        ]
        calls = Callback.create(calls)
        note = self._get_letter_note()
        letters = [
            {
                "callback_type": "campaign",
                "campaign_id": self.id,
                "partner_id": call.partner_id.id,
                "vehicle_id": call.vehicle_id.id,
                "company_id": self.company_id.id,
                "parent_id": call.id,
                "user_id": call.user_id.id,
                "date_due": call_day + timedelta(days=LETTER_DELAY_DAYS),
                "reminder_date": self.date,
                "channel": "letter",
                "note": note,
            }
            for call in calls
            if (call.partner_id.id, "letter") not in already
        ]
        return calls | Callback.create(letters)
