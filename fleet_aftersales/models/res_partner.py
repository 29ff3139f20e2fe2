# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import datetime, time, timedelta
from functools import partial

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import actions, cron, service_schedule

#: The seeds: the archive is built within two days of a visit.
ARCHIVE_DEADLINE_DAYS = 2
#: what a complete customer archive has (the fields its completeness depends on)
ARCHIVE_FIELDS = (
    "phone",
    "mobile",
    "street",
    "city",
    "vehicle_ids.license_plate",
    "vehicle_ids.vin_sn",
    "vehicle_ids.model_id",
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "fleet.aftersales.history.mixin"]
    _aftersales_link_field = "partner_id"

    def _default_aftersales_country(self):
        # the dealer's customers live where the shop is (China): their numbers are
        # formatted and checked for its country
        return self.env.company.country_id

    # the customer's cars are OCA fleet_vehicle_ownership's list (owner_id's inverse), not a
    # second one of ours; a customer is saved before his first car is
    vehicle_ids = fields.One2many(string="Owned Vehicles", required=False)
    owned_vehicle_count = fields.Integer(compute="_compute_aftersales_counts")
    visit_ids = fields.One2many("fleet.aftersales.visit", "partner_id", string="Service History")
    birthday = fields.Date()
    birthday_mmdd = fields.Char(
        compute="_compute_birthday_mmdd",
        store=True,
        index=True,
        help="Technical: MM-DD of the birthday.",
    )
    aftersales_lost_period_ids = fields.One2many(
        "fleet.aftersales.lost.period",
        "partner_id",
        string="Lost-Customer Periods",
        groups="fleet_aftersales.fleet_aftersales_group_user",
    )
    is_lost_customer = fields.Boolean(
        string="Lost Customer",
        compute="_compute_lost_customer",
        search="_search_is_lost_customer",
        groups="fleet_aftersales.fleet_aftersales_group_user",
        help="Not back in the current shop for its lost-customer months (流失客户): each shop "
        "counts its own visits and car sales.",
    )
    lost_since_date = fields.Date(
        string="Lost Since",
        compute="_compute_lost_customer",
        search="_search_lost_since_date",
        groups="fleet_aftersales.fleet_aftersales_group_user",
    )
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
    country_id = fields.Many2one(default=_default_aftersales_country)
    is_aftersales_customer = fields.Boolean(
        string="Dealer's Customer",
        compute="_compute_is_aftersales_customer",
        search="_search_is_aftersales_customer",
        help="Owns a car of the current shops or had a service visit there.",
    )
    aftersales_phone = fields.Char(
        string="Phone Number",
        compute="_compute_aftersales_phone",
        help="The phone, else the mobile.",
    )
    has_invalid_phone = fields.Boolean(
        string="Invalid Phone",
        compute="_compute_has_invalid_phone",
        help="The phone or the mobile is not a valid number of the customer's country.",
    )

    @api.depends("birthday")
    def _compute_birthday_mmdd(self):
        for partner in self:
            partner.birthday_mmdd = (
                partner.birthday.strftime("%m-%d") if partner.birthday else False
            )

    @api.depends(
        "aftersales_lost_period_ids.company_id",
        "aftersales_lost_period_ids.lost_since_date",
        "aftersales_lost_period_ids.return_date",
    )
    @api.depends_context("company")
    def _compute_lost_customer(self):
        # the open period of the current shop: a customer of two shops is lost in each alone
        since = {
            period.partner_id.id: period.lost_since_date
            # the two fields in the search's own query (the customer form, #20)
            for period in self.env["fleet.aftersales.lost.period"].search_fetch(
                self._get_open_lost_period_domain([("partner_id", "in", self._origin.ids)]),
                ["partner_id", "lost_since_date"],
            )
        }
        for partner in self:
            partner.lost_since_date = since.get(partner._origin.id, False)
            partner.is_lost_customer = bool(partner.lost_since_date)

    def _search_is_lost_customer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        lost = operator == "=" and value or operator == "!=" and not value
        domain = self._get_open_lost_period_domain()
        return [("aftersales_lost_period_ids", "any" if lost else "not any", domain)]

    def _search_lost_since_date(self, operator, value):
        if operator not in ("=", "!=", "<", "<=", ">", ">=", "in", "not in"):
            return NotImplemented
        domain = self._get_open_lost_period_domain([("lost_since_date", operator, value)])
        return [("aftersales_lost_period_ids", "any", domain)]

    @api.model
    def _get_open_lost_period_domain(self, domain=()):
        """The open lost periods of the current company (the statistics and the reports
        set it with ``with_company``), with ``domain``."""
        return [("company_id", "=", self.env.company.id), ("return_date", "=", False), *domain]

    def _get_aftersales_count_sources(self):
        # the cars, archived ones too (sold, scrapped: still in the customer's archive)
        return super()._get_aftersales_count_sources() + [
            ("owned_vehicle_count", "fleet.vehicle", "owner_id", False)
        ]

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
        cars = self._fetch_archive_vehicles()
        for partner in self:
            partner.is_archive_complete = not partner._get_archive_missing(cars)

    @api.depends(*ARCHIVE_FIELDS)
    @api.depends_context("lang")
    def _compute_archive_missing(self):
        # a complete archive (stored, same dependencies) lacks nothing: its cars are not
        # read (the customer form, #20)
        incomplete = self.filtered(lambda p: not p.is_archive_complete)
        cars = incomplete._fetch_archive_vehicles() if incomplete else {}
        for partner in self:
            partner.archive_missing = (
                ", ".join(partner._get_archive_missing(cars)) if partner in incomplete else ""
            )

    @api.depends_context("allowed_company_ids")
    def _compute_is_aftersales_customer(self):
        customers = self.search(
            [("id", "in", self._origin.ids), ("is_aftersales_customer", "=", True)]
        )
        for partner in self:
            partner.is_aftersales_customer = partner._origin in customers

    def _search_is_aftersales_customer(self, operator, value):
        """Two indexed subqueries (cars by owner, visits by customer) of the current
        shops: one query whatever the number of cars, none per partner."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        companies = self.env.companies.ids
        # a customer whose car is archived (sold, scrapped) is still the dealer's customer
        cars = (
            self.env["fleet.vehicle"]
            .with_context(active_test=False)
            ._search([("company_id", "in", companies), ("owner_id", "!=", False)])
        )
        visits = self.env["fleet.aftersales.visit"]._search(
            [("company_id", "in", companies), ("partner_id", "!=", False)]
        )
        positive = (operator == "=") == value
        return [
            "|" if positive else "&",
            ("id", "in" if positive else "not in", cars.subselect("owner_id")),
            ("id", "in" if positive else "not in", visits.subselect("partner_id")),
        ]

    @api.depends("phone", "mobile")
    def _compute_aftersales_phone(self):
        for partner in self:
            partner.aftersales_phone = partner.phone or partner.mobile

    @api.depends("phone", "mobile", "country_id")
    def _compute_has_invalid_phone(self):
        for partner in self:
            partner.has_invalid_phone = any(
                partner[fname] and not partner._phone_format(fname=fname)
                for fname in ("phone", "mobile")
            )

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

    # ---- A customer's history is kept ---------------------------------------------------
    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self._check_aftersales_archive()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_aftersales_history(self):
        customers = self._get_aftersales_history_partners()
        if not customers:
            return
        self._check_aftersales_archive(customers)
        raise UserError(
            self.env._(
                "%(customer)s has after-sales history (service visits, cars, callbacks or "
                "complaints): deleting the customer would leave it without one. Archive the "
                "customer instead.",
                customer=customers[:1].display_name,
            )
        )

    def _check_aftersales_archive(self, customers=None):
        """Only an after-sales manager archives (or deletes) a customer with history."""
        if self.env.su or self.env.user.has_group(
            "fleet_aftersales.fleet_aftersales_group_manager"
        ):
            return
        customers = self._get_aftersales_history_partners() if customers is None else customers
        if customers:
            raise UserError(
                self.env._(
                    "%(customer)s has after-sales history (service visits, cars, callbacks or "
                    "complaints): only an after-sales manager may archive the customer.",
                    customer=customers[:1].display_name,
                )
            )

    def _get_aftersales_history_partners(self):
        """The partners among these with visits, cars, callbacks or complaints, in any shop."""
        if not self.ids:
            return self.browse()
        found = set()
        # the guard must see the history of every shop, also what the user cannot read
        for model, field in (
            ("fleet.aftersales.visit", "partner_id"),
            ("fleet.vehicle", "owner_id"),
            ("fleet.aftersales.callback", "partner_id"),
            ("fleet.aftersales.complaint", "partner_id"),
        ):
            rows = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group([(field, "in", self.ids)], [field])
            )
            found.update(partner.id for (partner,) in rows)
        return self.browse([pid for pid in self.ids if pid in found])

    def action_view_owned_vehicles(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "fleet.fleet_vehicle_action",
            [("owner_id", "=", self.id)],
            {"default_owner_id": self.id, "active_test": False},
        )

    def _fetch_archive_vehicles(self):
        """The cars of each customer (id -> cars) with the fields the archive needs, in one
        query of these alone (not every column of the customers and their cars: the customer
        form, #20); None for customers being created (their cars are in memory)."""
        if not all(self._ids):
            return None
        cars = self.env["fleet.vehicle"].search_fetch(
            [("owner_id", "in", self.ids)], ["owner_id", "license_plate", "vin_sn", "model_id"]
        )
        car_ids = defaultdict(list)
        for car in cars:
            car_ids[car.owner_id.id].append(car.id)
        return {pid: cars.browse(ids) for pid, ids in car_ids.items()}

    def _get_archive_missing(self, cars_by_partner=None):
        """What the customer archive still lacks (translated labels); empty when complete.
        ``cars_by_partner``: the customers' cars, as _fetch_archive_vehicles gives them."""
        self.ensure_one()
        vehicles = (
            self.vehicle_ids
            if cars_by_partner is None
            else cars_by_partner.get(self.id, self.env["fleet.vehicle"])
        )
        missing = []
        if not (self.phone or self.mobile):
            missing.append(self.env._("phone"))
        if not (self.street and self.city):
            missing.append(self.env._("address"))
        if not vehicles:
            missing.append(self.env._("vehicle"))
        for vehicle in vehicles:
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

        For each company, on its own clock: selects the visits received on the day before
        yesterday or earlier (``ARCHIVE_DEADLINE_DAYS``) and not yet checked
        (``is_archive_checked``), schedules one "complete the archive" activity per
        incomplete customer who has none open, then marks the visits checked: running it
        twice schedules nothing twice. Works in batches of ``batch_size`` visits (a few
        queries each) and at most ``limit`` visits a company per run; the rest
        re-triggers the cron.
        """
        done, more = 0, False
        for company in self.env["res.company"].search([]):
            visits = (
                self.env["fleet.aftersales.visit"]
                .with_company(company)
                .search(self._get_archive_check_domain(company), limit=limit + 1, order="id")
            )
            more = more or len(visits) > limit
            visits = visits[:limit]
            company_done = 0
            for batch in cron.batches(visits, batch_size):
                self.with_company(company)._ask_archive_completion(batch)
                batch.write({"is_archive_checked": True})
                company_done += len(batch)
                cron.commit_progress(self.env, done + company_done, len(visits) - company_done)
            done += company_done
        if more:
            self.env.ref("fleet_aftersales.ir_cron_archive_completeness")._trigger()
        return done

    @api.model
    def _get_archive_check_domain(self, company):
        """The visits of ``company`` received two days ago or earlier on its clock (the
        whole day: a run at 01:00 sees the visits of the afternoon too), not yet checked."""
        first_day_left = company._aftersales_today() - timedelta(days=ARCHIVE_DEADLINE_DAYS - 1)
        deadline = company._aftersales_to_utc(datetime.combine(first_day_left, time.min))
        return [
            ("company_id", "=", company.id),
            ("is_archive_checked", "=", False),
            ("reception_datetime", "<", deadline),
            ("state", "!=", "cancel"),
            ("partner_id", "!=", False),
        ]

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
    def _cron_update_lost_customers(self, batch_size=500, limit=10000):
        """Record, shop by shop, the customers who became lost and those who came back.

        For each company, on its own day and with its own lost-customer months: the open
        lost periods (``fleet.aftersales.lost.period``) of customers seen there again end,
        and the customers last seen there on or before the cutoff (the seeds: 6 months)
        who have no open period get one, from their last delivered visit or car handover
        there. On the first run that is the whole lost population, not only the day's.

        Idempotent: the selections leave out, in the query, the customers already lost
        (an open period) and the periods already ended. Batches of ``batch_size`` (one
        commit each), at most ``limit`` a company per run; the rest re-triggers the
        action. Returns the periods (started, ended).
        """
        Period = self.env["fleet.aftersales.lost.period"]
        started, ended, more = Period, Period, False
        for company in self.env["res.company"].search([]):
            today = company._aftersales_today()
            periods = Period.with_company(company)
            company_ended, more_ended = periods._end_returned(company, today, limit)
            company_started, more_started = periods._start_absences(
                company, today, batch_size, limit
            )
            started |= company_started
            ended |= company_ended
            more = more or more_ended or more_started
        if more:
            self.env.ref("fleet_aftersales.ir_cron_update_lost_customers")._trigger()
        return started, ended
