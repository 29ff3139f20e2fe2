# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta
from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import actions, cron, service_schedule

#: The seeds: the archive is built within two days of a visit.
ARCHIVE_DEADLINE_DAYS = 2
#: what a complete customer archive has (the fields its completeness depends on)
ARCHIVE_FIELDS = (
    "phone",
    "mobile",
    "street",
    "city",
    "owned_vehicle_ids.license_plate",
    "owned_vehicle_ids.vin_sn",
    "owned_vehicle_ids.model_id",
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "fleet.aftersales.history.mixin"]
    _aftersales_link_field = "partner_id"

    owned_vehicle_ids = fields.One2many("fleet.vehicle", "owner_id", string="Owned Vehicles")
    owned_vehicle_count = fields.Integer(compute="_compute_owned_vehicle_count")
    visit_ids = fields.One2many("fleet.aftersales.visit", "partner_id", string="Service History")
    birthday = fields.Date()
    birthday_mmdd = fields.Char(
        compute="_compute_birthday_mmdd",
        store=True,
        index=True,
        help="Technical: MM-DD of the birthday.",
    )
    is_lost_customer = fields.Boolean(
        string="Lost Customer",
        index=True,
        copy=False,
        tracking=True,
        help="No delivered visit for the configured number of months (流失客户). Updated every day.",
    )
    lost_since_date = fields.Date(string="Lost Since", index=True, copy=False)
    aftersales_optout_ids = fields.One2many(
        "fleet.aftersales.optout", "partner_id", string="Callback Opt-outs"
    )
    call_window_start = fields.Float(
        string="Call From",
        help="Start of the time of day the customer prefers to be called (hours, e.g. 14.5 = 14:30).",
    )
    call_window_end = fields.Float(
        string="Call Until", help="End of the time of day the customer prefers to be called."
    )
    preferred_channel = fields.Selection(
        [("phone", "Phone"), ("sms", "SMS"), ("email", "E-mail"), ("letter", "Letter")],
        default="phone",
        help="How the customer prefers to be contacted for callbacks and reminders.",
    )
    desired_services = fields.Text(help="The services the customer says they want from us.")
    is_club_member = fields.Boolean(
        string="Car Club Member", help="Member of the dealer's car club (车友俱乐部)."
    )
    followup_user_id = fields.Many2one(
        "res.users",
        string="Follow-up Agent",
        tracking=True,
        help="The person responsible for this customer's archive and follow-up (跟踪业务员). "
        "Without one, the advisor of the visit is asked to complete the archive.",
    )
    last_visit_date = fields.Date(
        compute="_compute_last_visit_date",
        store=True,
        index=True,
        help="Day of the customer's last delivered visit.",
    )
    is_archive_complete = fields.Boolean(
        compute="_compute_archive_completeness",
        store=True,
        index=True,
        help="The archive has a phone, an address and, for each owned vehicle, its plate, VIN and model.",
    )
    # not stored: shown in the language of whoever reads it
    archive_missing = fields.Char(string="Archive Lacks", compute="_compute_archive_missing")

    @api.depends("birthday")
    def _compute_birthday_mmdd(self):
        for partner in self:
            partner.birthday_mmdd = (
                partner.birthday.strftime("%m-%d") if partner.birthday else False
            )

    def _compute_owned_vehicle_count(self):
        counts = dict(
            self.env["fleet.vehicle"]
            .with_context(active_test=False)
            ._read_group([("owner_id", "in", self.ids)], ["owner_id"], ["__count"])
        )
        for partner in self:
            partner.owned_vehicle_count = counts.get(partner, 0)

    @api.depends("visit_ids.state", "visit_ids.delivery_date")
    def _compute_last_visit_date(self):
        ids = [pid for pid in self.ids if pid]
        last = (
            dict(
                self.env["fleet.aftersales.visit"]._read_group(
                    [("partner_id", "in", ids), ("state", "=", "delivered")],
                    ["partner_id"],
                    ["delivery_date:max"],
                )
            )
            if ids
            else {}
        )
        for partner in self:
            partner.last_visit_date = last.get(partner, False)

    @api.depends(*ARCHIVE_FIELDS)
    def _compute_archive_completeness(self):
        for partner in self:
            partner.is_archive_complete = not partner._get_archive_missing()

    @api.depends(*ARCHIVE_FIELDS)
    @api.depends_context("lang")
    def _compute_archive_missing(self):
        for partner in self:
            partner.archive_missing = ", ".join(partner._get_archive_missing())

    @api.constrains("call_window_start", "call_window_end")
    def _check_call_window(self):
        for partner in self:
            if not (partner.call_window_start or partner.call_window_end):
                continue
            if not service_schedule.is_valid_call_window(
                partner.call_window_start, partner.call_window_end
            ):
                raise ValidationError(
                    self.env._(
                        "The preferred call window of %(name)s must lie between 0:00 and 24:00 and start before it ends.",
                        name=partner.display_name,
                    )
                )

    def action_view_owned_vehicles(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "fleet.fleet_vehicle_action",
            [("owner_id", "=", self.id)],
            {"default_owner_id": self.id, "active_test": False},
        )

    def _get_archive_missing(self):
        """What the customer archive still lacks (translated labels); empty when complete."""
        self.ensure_one()
        missing = []
        if not (self.phone or self.mobile):
            missing.append(self.env._("phone"))
        if not (self.street and self.city):
            missing.append(self.env._("address"))
        if not self.owned_vehicle_ids:
            missing.append(self.env._("vehicle"))
        for vehicle in self.owned_vehicle_ids:
            if not vehicle.license_plate:
                missing.append(
                    self.env._(
                        "plate of %(vehicle)s", vehicle=vehicle.model_id.display_name or vehicle.id
                    )
                )
            if not vehicle.vin_sn:
                missing.append(
                    self.env._("VIN of %(vehicle)s", vehicle=vehicle.license_plate or vehicle.id)
                )
            if not vehicle.model_id:
                missing.append(
                    self.env._("model of %(vehicle)s", vehicle=vehicle.license_plate or vehicle.id)
                )
        return missing

    @api.model
    def _cron_check_archive_completeness(self, batch_size=500, limit=5000):
        """Ask for the archive of customers whose visit is two days old and archive incomplete.

        Selects the visits received at least ``ARCHIVE_DEADLINE_DAYS`` ago and not yet
        checked (``is_archive_checked``), schedules one "complete the archive" activity per
        incomplete customer who has none open, then marks the visits checked: running it
        twice schedules nothing twice. Works in batches of ``batch_size`` visits (a few
        queries each) and at most ``limit`` visits a run; the rest re-triggers the cron.
        """
        Visit = self.env["fleet.aftersales.visit"]
        deadline = fields.Datetime.now() - timedelta(days=ARCHIVE_DEADLINE_DAYS)
        domain = [
            ("is_archive_checked", "=", False),
            ("reception_datetime", "<=", deadline),
            ("state", "!=", "cancel"),
            ("partner_id", "!=", False),
        ]
        visits = Visit.search(domain, limit=limit + 1, order="id")
        remaining = len(visits) - limit
        visits = visits[:limit]
        done = 0
        for batch in cron.batches(visits, batch_size):
            self._ask_archive_completion(batch)
            batch.write({"is_archive_checked": True})
            done += len(batch)
            cron.commit_progress(self.env, done, len(visits) - done)
        if remaining > 0:
            self.env.ref("fleet_aftersales.ir_cron_archive_completeness")._trigger()
        return done

    @api.model
    def _ask_archive_completion(self, visits):
        """One "complete the archive" activity per incomplete customer of ``visits`` who
        has none open, for the customer's follow-up user, else the visit's advisor."""
        activity_type = self.env.ref("fleet_aftersales.mail_act_archive_completion")
        Activity = self.env["mail.activity"]
        incomplete = visits.partner_id.filtered(lambda p: not p.is_archive_complete)
        open_for = set(
            Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", incomplete.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        first_visit = {}
        for visit in visits:
            first_visit.setdefault(visit.partner_id, visit)
        vals_list = []
        for partner in incomplete.filtered(lambda p: p.id not in open_for):
            visit = first_visit[partner]
            user = partner.followup_user_id or visit.advisor_id or self.env.user
            vals_list.append(
                Activity._aftersales_values(
                    partner,
                    activity_type,
                    user,
                    visit.company_id._aftersales_today(),
                    None,
                    partial(partner._get_archive_completion_note, visit),
                )
            )
        return Activity._aftersales_create(vals_list)

    def _get_archive_completion_note(self, visit, reader):
        """The note asking ``reader`` to complete the archive, in their language."""
        return reader._(
            "Visit %(visit)s was two days ago; the archive still lacks: %(missing)s.",
            visit=visit.name,
            missing=", ".join(self.with_env(reader)._get_archive_missing()),
        )

    @api.model
    def _cron_update_lost_customers(self):
        """Mark customers lost, or back, from their last delivered visit.

        Lost: the last delivered visit is older than the company's lost-customer months
        (``lost_since_date`` = that visit + the months). Back: a more recent visit. Set-wise:
        one search and one write per lost-since day (a daily run has one such day, the first
        run the backlog); a customer who is back has his open lost-customer call cancelled.
        Idempotent: only customers whose state changes are selected.
        """
        company = self.env.company
        months = company.aftersales_lost_months
        cutoff = fields.Date.context_today(self) - relativedelta(months=months)
        lost = self.search([("is_lost_customer", "=", False), ("last_visit_date", "<", cutoff)])
        for last_visit, partners in lost.grouped("last_visit_date").items():
            partners.write(
                {
                    "is_lost_customer": True,
                    "lost_since_date": last_visit + relativedelta(months=months),
                }
            )
        back = self.search([("is_lost_customer", "=", True), ("last_visit_date", ">=", cutoff)])
        back._mark_returned()
        return lost, back

    def _mark_returned(self):
        """The customer came back: no longer lost, the win-back call is cancelled."""
        returned = self.filtered("is_lost_customer")
        if not returned:
            return returned
        returned.write({"is_lost_customer": False, "lost_since_date": False})
        calls = self.env["fleet.aftersales.callback"].search(
            [
                ("partner_id", "in", returned.ids),
                ("callback_type", "=", "lost_customer"),
                ("state", "=", "pending"),
            ]
        )
        for company, company_calls in calls.grouped("company_id").items():
            note = company._aftersales_reader_env()._("The customer came back.")
            company_calls.write({"state": "cancelled", "note": note})
        return returned
