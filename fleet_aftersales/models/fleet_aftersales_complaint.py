# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta
from functools import partial

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..tools import cron, validation
from .fleet_aftersales_state_mixin import button

_logger = logging.getLogger(__name__)

OPEN_STATES = ("new", "assigned", "in_progress")


class FleetAftersalesComplaint(models.Model):
    """A complaint ticket (投诉): an owner signs a date for the solution, what is late is
    escalated to a manager, and a callback confirms the customer is satisfied."""

    _name = "fleet.aftersales.complaint"
    _description = "Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "fleet.aftersales.deadline.mixin",
        "fleet.aftersales.state.mixin",
    ]
    _order = "priority desc, date_registered desc, id desc"
    _check_company_auto = True
    _aftersales_open_states = OPEN_STATES
    _aftersales_initial_states = ("new", "assigned")
    _aftersales_folded_states = ("closed", "cancelled")
    # what the confirmation loop and the escalation decide: no owner sets them by hand
    _aftersales_button_fields = (
        "state",
        "date_resolved",
        "date_closed",
        "customer_satisfaction",
        "is_escalated",
        "escalated_to_id",
        "escalated_deadline",
    )
    _aftersales_deadline_field = "date_deadline"
    # a closed complaint is what was found and done: a manager corrects it, tracked
    _aftersales_locked_fields = {
        "closed": (
            "partner_id",
            "vehicle_id",
            "visit_id",
            "channel",
            "category_id",
            "department_id",
            "description",
            "user_id",
            "date_deadline",
            "root_cause",
            "resolution",
            "corrective_action",
        ),
    }

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        index=True,
        tracking=True,
        check_company=True,
        # the customer's cars: the rule of _get_customer_vehicle_domain, for the form
        domain="['|', '|', ('owner_id', 'parent_of', partner_id), ('driver_id', '=', partner_id),"
        " ('visit_ids.partner_id', '=', partner_id)]",
        help="One of the customer's cars: owned by the customer (or the customer's company), "
        "driven by the customer, or brought in by the customer.",
    )
    license_plate = fields.Char(related="vehicle_id.license_plate")
    visit_id = fields.Many2one(
        "fleet.aftersales.visit", string="Service Visit", index=True, check_company=True
    )
    callback_id = fields.Many2one(
        "fleet.aftersales.callback",
        string="Raised From Callback",
        index=True,
        check_company=True,
        copy=False,
    )
    channel = fields.Selection(
        [
            ("callback", "Callback"),
            ("phone", "Phone-in"),
            ("walk_in", "Walk-in"),
            ("email", "E-mail"),
            ("online", "Filed Online"),
            ("manufacturer", "Manufacturer"),
            ("other", "Other"),
        ],
        string="Source",
        required=True,
        default="phone",
    )
    category_id = fields.Many2one("fleet.aftersales.complaint.category", index=True)
    department_id = fields.Many2one(
        "fleet.aftersales.department",
        string="Responsible Department",
        index=True,
        tracking=True,
        check_company=True,
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent")], default="0", index=True
    )
    description = fields.Text(
        required=True, help="What the customer complains about, in their words."
    )
    date_registered = fields.Datetime(
        string="Registered On",
        required=True,
        default=fields.Datetime.now,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="The person responsible for the solution, who signs the committed date.",
    )
    date_deadline = fields.Date(
        string="Committed Date",
        index=True,
        tracking=True,
        copy=False,
        help="The date the responsible person commits to for the solution; required before work starts.",
    )
    root_cause = fields.Text(tracking=True)
    resolution = fields.Text(tracking=True)
    corrective_action = fields.Text(
        tracking=True, help="What changes so that it does not happen again."
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("assigned", "Assigned"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        index=True,
        # every state is a kanban column, in lifecycle order
        group_expand=True,
        tracking=True,
        copy=False,
    )
    is_escalated = fields.Boolean(string="Escalated", copy=False, index=True, tracking=True)
    escalated_to_id = fields.Many2one("res.users", copy=False, tracking=True)
    escalated_deadline = fields.Date(
        copy=False,
        help="Technical: the committed date whose lateness was last escalated.",
    )
    is_deadline_escalated = fields.Boolean(
        compute="_compute_is_deadline_escalated",
        store=True,
        index=True,
        help="Technical: the lateness of the current committed date was escalated (the "
        "escalation's marker, stored so that its selection excludes the done ones).",
    )
    date_resolved = fields.Datetime(string="Resolved On", copy=False, tracking=True)
    date_closed = fields.Datetime(string="Closed On", copy=False, tracking=True)
    confirmation_callback_ids = fields.One2many(
        "fleet.aftersales.callback", "complaint_id", string="Confirmation Calls"
    )
    customer_satisfaction = fields.Selection(
        [("satisfied", "Satisfied"), ("not_satisfied", "Not Satisfied")],
        copy=False,
        tracking=True,
        help="The customer's answer to the confirmation call after the solution.",
    )
    resolve_days = fields.Float(
        string="Days to Resolve", compute="_compute_durations", store=True, aggregator="avg"
    )
    close_days = fields.Float(
        string="Days to Close", compute="_compute_durations", store=True, aggregator="avg"
    )

    # ---- Compute ----------------------------------------------------------------------
    @api.depends("date_registered", "date_resolved", "date_closed")
    def _compute_durations(self):
        for complaint in self:
            start = complaint.date_registered
            complaint.resolve_days = (
                (complaint.date_resolved - start).total_seconds() / 86400
                if start and complaint.date_resolved
                else 0.0
            )
            complaint.close_days = (
                (complaint.date_closed - start).total_seconds() / 86400
                if start and complaint.date_closed
                else 0.0
            )

    @api.depends("date_deadline", "escalated_deadline")
    def _compute_is_deadline_escalated(self):
        for complaint in self:
            complaint.is_deadline_escalated = (
                bool(complaint.date_deadline)
                and complaint.escalated_deadline == complaint.date_deadline
            )

    # ---- Constraints ------------------------------------------------------------------
    @api.constrains("description")
    def _check_description(self):
        validation.check_not_blank(self, "description")

    @api.constrains("partner_id", "vehicle_id")
    def _check_vehicle_of_customer(self):
        # sudo: the rule holds whoever registers the complaint (visits of other advisors)
        Vehicle = self.env["fleet.vehicle"].sudo().with_context(active_test=False)
        for complaint in self.filtered("vehicle_id"):
            domain = self._get_customer_vehicle_domain(complaint.partner_id)
            if not Vehicle.search_count([("id", "=", complaint.vehicle_id.id), *domain]):
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s: %(vehicle)s is not a car of %(customer)s (owned, "
                        "driven or brought in by the customer). Choose one of the customer's cars.",
                        name=complaint.name,
                        vehicle=complaint.vehicle_id.display_name,
                        customer=complaint.partner_id.display_name,
                    )
                )

    @api.model
    def _get_customer_vehicle_domain(self, partner):
        """The cars a complaint of ``partner`` may be about (the field's domain too)."""
        return [
            "|",
            "|",
            ("owner_id", "parent_of", partner.id),
            ("driver_id", "=", partner.id),
            ("visit_ids.partner_id", "=", partner.id),
        ]

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("fleet.aftersales.complaint")
                    or "/"
                )
            if vals.get("user_id") and vals.get("state", "new") == "new":
                vals["state"] = "assigned"
        complaints = super().create(vals_list)
        complaints._activity_update()
        return complaints

    def write(self, vals):
        if vals.get("user_id"):
            # handing a new complaint to an owner assigns it
            self.filtered(lambda c: c.state == "new")._as_button().write({"state": "assigned"})
        res = super().write(vals)
        if {"state", "user_id", "date_deadline"} & set(vals):
            self._activity_update()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_registered(self):
        if any(complaint.state != "cancelled" for complaint in self):
            raise UserError(
                self.env._("Complaints are kept: cancel the complaint instead of deleting it.")
            )

    # ---- Actions ----------------------------------------------------------------------
    @button
    def action_start(self):
        """The owner starts working on it: an owner and a committed date are required."""
        self._check_owner_or_manager()
        self._check_state(
            ("new", "assigned"), self.env._("Only new or assigned complaints can be started.")
        )
        for complaint in self:
            if not complaint.user_id or not complaint.date_deadline:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s: set its responsible person and the committed resolution date before starting.",
                        name=complaint.name,
                    )
                )
        self.write({"state": "in_progress"})
        return True

    @button
    def action_resolve(self):
        """Record the solution and ask a callback agent to confirm it with the customer."""
        self._check_owner_or_manager()
        self._check_state(OPEN_STATES, self.env._("Only open complaints can be resolved."))
        for complaint in self:
            if not (complaint.root_cause and complaint.resolution):
                raise UserError(
                    self.env._(
                        "Complaint %(name)s: record the root cause and the resolution before resolving it.",
                        name=complaint.name,
                    )
                )
        self.write(
            {
                "state": "resolved",
                "date_resolved": fields.Datetime.now(),
                "customer_satisfaction": False,
            }
        )
        self._create_confirmation_callbacks()
        return True

    @button
    def action_close(self):
        """Close by hand, for a manager; the customer's confirmation call closes it too."""
        self._check_aftersales_manager(
            self.env._(
                "Only an after-sales manager closes a complaint by hand: the customer's "
                "answer to the confirmation call closes it."
            )
        )
        self._check_state(("resolved",), self.env._("Only resolved complaints can be closed."))
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    @button
    def action_cancel(self):
        """A registered complaint is the customer's word: only a manager withdraws it."""
        self._check_aftersales_manager(
            self.env._("Only an after-sales manager cancels a complaint.")
        )
        self._check_state(
            OPEN_STATES + ("resolved",), self.env._("Closed complaints cannot be cancelled.")
        )
        self.confirmation_callback_ids.filtered(lambda c: c.state == "pending").action_cancel()
        self.write({"state": "cancelled"})
        return True

    @button
    def action_reopen(self):
        self._check_aftersales_manager(
            self.env._("Only an after-sales manager reopens a cancelled complaint.")
        )
        self._check_state(("cancelled",), self.env._("Only cancelled complaints can be reopened."))
        for complaint in self:
            complaint.state = "assigned" if complaint.user_id else "new"
        return True

    def _check_owner_or_manager(self):
        """The owner works the complaint (a manager stands in); an unowned one is
        anybody's to take on, by starting it."""
        if self._is_aftersales_manager():
            return
        for complaint in self:
            if complaint.user_id and complaint.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Complaint %(name)s is %(owner)s's: only its owner or an after-sales "
                        "manager works on it.",
                        name=complaint.name,
                        owner=complaint.user_id.name,
                    )
                )

    # ---- Confirmation -----------------------------------------------------------------
    def _create_confirmation_callbacks(self):
        """A complaint_confirmation callback per complaint, for an agent who is not the
        owner, due the next working day.

        The owner resolves, and is often an advisor, who makes no calls and may not
        create them: sudo creates these calls, whose values are all ours (an agent picked
        by ``create()``, the complaint's customer and resolution)."""
        self.env["fleet.aftersales.callback"].sudo().create(
            [
                {
                    "callback_type": "complaint_confirmation",
                    "partner_id": complaint.partner_id.id,
                    "vehicle_id": complaint.vehicle_id.id,
                    "complaint_id": complaint.id,
                    "company_id": complaint.company_id.id,
                    "date_due": self._next_working_day(complaint.company_id._aftersales_today()),
                    "note": complaint.company_id._aftersales_reader_env()._(
                        "Complaint %(name)s was resolved: %(resolution)s",
                        name=complaint.name,
                        resolution=complaint.resolution,
                    ),
                }
                for complaint in self
            ]
        )

    @api.model
    def _next_working_day(self, day):
        day += timedelta(days=1)
        while day.weekday() >= 5:  # Saturday, Sunday
            day += timedelta(days=1)
        return day

    def _on_confirmation_done(self, callback):
        """The confirmation call is done: close when the customer is satisfied, else back to work."""
        self.ensure_one()
        if self.state != "resolved":
            return
        if callback._is_satisfied():
            self.write({"customer_satisfaction": "satisfied"})
            self.action_close()
            return
        self.write(
            {
                "state": "in_progress",
                "customer_satisfaction": "not_satisfied",
                "date_resolved": False,
            }
        )
        # a line of the chatter, written by the agent for the owner and the managers
        reader = self.company_id._aftersales_reader_env()
        answers = callback.with_env(reader).answer_ids
        reasons = "; ".join(
            filter(
                None,
                [
                    f"{a.question_id.name}: {a.reason or ', '.join(a.reason_tag_ids.mapped('name'))}"
                    for a in answers.filtered(lambda a: a.rating and not a.is_good)
                ]
                + [callback.note or ""],
            )
        )
        self.message_post(
            body=reader._(
                "The customer is not satisfied with the solution: %(reasons)s",
                reasons=reasons or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ---- Activities -------------------------------------------------------------------
    def _activity_update(self):
        """The owner's activity follows the owner and the committed date; it is marked done
        on resolution and removed on cancellation. Only activities of our type are touched.

        Sudo: the owner's activity is scheduled by whoever registers or hands over the
        complaint, an agent for an advisor, who may not write the owner's complaint (nor
        so create its activities) afterwards; the values are all the complaint's."""
        self.env["mail.activity"].sudo()._aftersales_sync(
            self,
            self.env.ref("fleet_aftersales.mail_act_complaint_resolution"),
            feedback=lambda reader: reader._("Complaint resolved."),
        )

    def _get_activity_target(self):
        """What this complaint's activity should be (see ``mail.activity._aftersales_sync``)."""
        self.ensure_one()
        if self.state in ("resolved", "closed"):
            return "done"
        if self.state not in ("assigned", "in_progress") or not self.user_id:
            return None
        return self.env["mail.activity"]._aftersales_values(
            self,
            self.env.ref("fleet_aftersales.mail_act_complaint_resolution"),
            self.user_id,
            self.date_deadline or self.company_id._aftersales_today(),
            lambda reader: reader._("Resolve complaint %(name)s", name=self.name),
            self.description,
        )

    # ---- Escalation -------------------------------------------------------------------
    @api.model
    def _get_escalation_domain(self, company):
        """Open complaints late for the first time since registration, or past a committed
        date whose lateness was not escalated yet."""
        today = company._aftersales_today()
        registered_before = fields.Datetime.now() - timedelta(
            days=company.aftersales_complaint_escalation_days
        )
        return [
            ("company_id", "=", company.id),
            ("state", "in", OPEN_STATES),
            "|",
            "&",
            ("is_escalated", "=", False),
            ("date_registered", "<=", registered_before),
            "&",
            ("date_deadline", "<", today),
            ("is_deadline_escalated", "=", False),
        ]

    @api.model
    def _cron_escalate_complaints(self, batch_size=200, limit=2000):
        """Escalate late complaints to the department's manager, else the after-sales manager.

        Selects open complaints not resolved within the escalation days of registration
        (once), or past their committed date (once per committed date:
        ``is_deadline_escalated`` is the marker). Each gets an activity for the manager
        and a message in the chatter. Running it twice escalates nothing twice.

        The selection excludes the escalated ones in the query, so at most ``limit`` a
        company per run are new ones; a run that hits the limit re-triggers itself.
        """
        escalated, more = self.browse(), False
        for company in self.env["res.company"].search([]):
            today = company._aftersales_today()
            complaints = self.with_company(company).search(
                self._get_escalation_domain(company), limit=limit + 1, order="id"
            )
            more |= len(complaints) > limit
            complaints = complaints[:limit]
            done = 0
            for batch in cron.batches(complaints, batch_size):
                batch._escalate(today)
                escalated |= batch
                done += len(batch)
                cron.commit_progress(self.env, done, len(complaints) - done)
        if more:
            self.env.ref("fleet_aftersales.ir_cron_escalate_complaints")._trigger()
        return escalated

    def _escalate(self, today):
        """Escalate these complaints: marker, chatter message, the manager's activity."""
        activity_type = self.env.ref("fleet_aftersales.mail_act_complaint_escalation")
        Activity = self.env["mail.activity"]
        vals_list = []
        # escalations are few: a chatter message each is the point of them
        for complaint in self:
            manager = complaint._get_escalation_manager()
            # the chatter line in the shop's language, the manager's activity in the manager's
            reason = complaint._get_lateness_reason(
                today, complaint.company_id._aftersales_reader_env()
            )
            is_late = complaint.date_deadline and complaint.date_deadline < today
            complaint.write(
                {
                    "is_escalated": True,
                    "escalated_to_id": manager.id,
                    "escalated_deadline": complaint.date_deadline
                    if is_late
                    else complaint.escalated_deadline,
                }
            )
            complaint.message_post(body=reason, subtype_xmlid="mail.mt_note")
            if manager:
                vals_list.append(
                    Activity._aftersales_values(
                        complaint,
                        activity_type,
                        manager,
                        today,
                        complaint._get_escalation_summary,
                        partial(complaint._get_lateness_reason, today),
                    )
                )
        Activity._aftersales_create(vals_list)

    def _get_escalation_manager(self):
        self.ensure_one()
        return (
            self.department_id.manager_id
            or self.company_id.aftersales_manager_id
            or self.env["res.users"]._get_aftersales_group_users(
                "fleet_aftersales.fleet_aftersales_group_manager", self.company_id
            )[:1]
        )

    def _get_escalation_summary(self, reader):
        return reader._("Escalated complaint %(name)s", name=self.name)

    def _get_lateness_reason(self, today, reader):
        """Why the complaint is escalated, for ``reader``."""
        self.ensure_one()
        if self.date_deadline and self.date_deadline < today:
            return reader._(
                "Escalated: the committed date %(date)s has passed and the complaint is not resolved.",
                date=format_date(reader, self.date_deadline),
            )
        return reader._(
            "Escalated: not resolved within %(days)s days of registration.",
            days=self.company_id.aftersales_complaint_escalation_days,
        )
