# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import call_schedule, cron
from .fleet_aftersales_callback_answer import BAD_RATINGS

_logger = logging.getLogger(__name__)

#: What the daily action creates, in this order.
CRON_KINDS = (
    "satisfaction",
    "second_followup",
    "new_car",
    "maintenance_reminder",
    "insurance_renewal",
    "birthday",
    "lost_customer",
)
#: Reminders sent from a template to customers who prefer e-mail or SMS.
TEMPLATE_KINDS = ("maintenance_reminder", "insurance_renewal", "birthday")


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


CALLBACK_TYPES = [
    ("satisfaction", "Satisfaction Call"),
    ("second_followup", "Second Follow-up"),
    ("new_car", "New-Car Call"),
    ("lost_customer", "Lost Customer"),
    ("maintenance_reminder", "Maintenance Reminder"),
    ("insurance_renewal", "Insurance Renewal"),
    ("birthday", "Birthday"),
    ("complaint_confirmation", "Complaint Confirmation"),
    ("campaign", "Campaign Invitation"),
    ("inbound", "Inbound Call"),
]
CHANNELS = [
    ("phone", "Phone"),
    ("sms", "SMS"),
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("visit", "Visit"),
]


class FleetAftersalesCallback(models.Model):
    """A follow-up call (回访) to a customer, worked from the agent's activity inbox.

    Each pending callback carries exactly one activity of the type of its
    ``callback_type``, kept in step by :meth:`_activity_update`.
    """

    _name = "fleet.aftersales.callback"
    _description = "Callback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    callback_type = fields.Selection(
        CALLBACK_TYPES, string="Type", required=True, index=True, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    phone = fields.Char(compute="_compute_phone")
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, check_company=True)
    license_plate = fields.Char(related="vehicle_id.license_plate")
    visit_id = fields.Many2one(
        "fleet.aftersales.visit", string="Service Visit", index=True, check_company=True
    )
    advisor_id = fields.Many2one(
        "res.users",
        string="Service Advisor",
        related="visit_id.advisor_id",
        store=True,
        index=True,
        help="The advisor who received the car: he or she may not make this call.",
    )
    complaint_id = fields.Many2one(
        "fleet.aftersales.complaint",
        index=True,
        check_company=True,
        help="The complaint whose solution this call confirms.",
    )
    raised_complaint_ids = fields.One2many(
        "fleet.aftersales.complaint", "callback_id", string="Raised Complaints"
    )
    raised_complaint_count = fields.Integer(compute="_compute_raised_complaint_count")
    parent_id = fields.Many2one(
        "fleet.aftersales.callback",
        string="Previous Callback",
        index=True,
        help="The callback this one follows up.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="The callback agent (客服专员) who makes the call.",
    )
    date_due = fields.Date(string="Due Date", required=True, index=True, tracking=True)
    next_call_datetime = fields.Datetime(
        string="Call At",
        tracking=True,
        help="When to call: the time the customer named, or the next slot of the customer's call window.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    direction = fields.Selection(
        [("outbound", "Outbound"), ("inbound", "Inbound")], required=True, default="outbound"
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    attempt_count = fields.Integer(string="Attempts", copy=False, tracking=True)
    answer_ids = fields.One2many(
        "fleet.aftersales.callback.answer", "callback_id", string="Answers", copy=True
    )
    has_bad_answer = fields.Boolean(compute="_compute_answer_figures", store=True, index=True)
    has_rating = fields.Boolean(
        compute="_compute_answer_figures", store=True, help="At least one question was rated."
    )
    is_satisfied = fields.Boolean(
        compute="_compute_answer_figures",
        store=True,
        help="Every rated question is Good or Very Good (the satisfaction rate's definition).",
    )
    average_rating = fields.Float(compute="_compute_answer_figures", store=True, aggregator="avg")
    suggestion = fields.Text(help="The customer's suggestions, counted in the monthly statistics.")
    note = fields.Text(help="What the customer said; why a question was not answered.")
    date_done = fields.Date(string="Done On", copy=False, index=True, tracking=True)
    reminder_date = fields.Date(
        index=True,
        copy=False,
        help="What the reminder is about: the service due date, the insurance expiry, the birthday, "
        "the day the customer became lost, or the campaign's date.",
    )
    campaign_id = fields.Many2one("fleet.aftersales.campaign", index=True, check_company=True)
    lost_reason_id = fields.Many2one(
        "fleet.aftersales.lost.reason",
        help="Why the customer stopped coming: required to close a lost-customer call.",
    )
    sent_message_id = fields.Many2one(
        "mail.message", copy=False, readonly=True, help="The message sent instead of a call."
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    # ---- Compute ----------------------------------------------------------------------
    @api.depends("callback_type", "partner_id")
    def _compute_display_name(self):
        # no sequence: the daily action creates thousands at once, in one insert
        labels = dict(self._fields["callback_type"]._description_selection(self.env))
        for callback in self:
            callback.display_name = (
                f"{labels.get(callback.callback_type, '')} - {callback.partner_id.name or ''}"
            )

    @api.depends("partner_id.phone", "partner_id.mobile")
    def _compute_phone(self):
        for callback in self:
            callback.phone = callback.partner_id.mobile or callback.partner_id.phone

    @api.depends("answer_ids.rating")
    def _compute_answer_figures(self):
        for callback in self:
            ratings = [int(r) for r in callback.answer_ids.mapped("rating") if r]
            callback.has_bad_answer = any(
                r in BAD_RATINGS for r in callback.answer_ids.mapped("rating")
            )
            callback.average_rating = sum(ratings) / len(ratings) if ratings else 0.0
            callback.has_rating = bool(ratings)
            callback.is_satisfied = bool(ratings) and min(ratings) >= 4

    def _compute_raised_complaint_count(self):
        counts = dict(
            self.env["fleet.aftersales.complaint"]._read_group(
                [("callback_id", "in", self.ids)], ["callback_id"], ["__count"]
            )
        )
        for callback in self:
            callback.raised_complaint_count = counts.get(callback, 0)

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for callback in self:
            callback.is_overdue = callback.state == "pending" and callback.date_due < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue callbacks."))
        domain = [("state", "=", "pending"), ("date_due", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    # ---- Constraints ------------------------------------------------------------------
    @api.constrains("user_id", "visit_id")
    def _check_agent_not_advisor(self):
        for callback in self:
            if callback.user_id and callback.user_id == callback.advisor_id:
                raise ValidationError(
                    self.env._(
                        "%(agent)s received the car of visit %(visit)s and cannot call the customer back: "
                        "choose another agent.",
                        agent=callback.user_id.name,
                        visit=callback.visit_id.name,
                    )
                )

    def init(self):
        # The daily action never creates a visit's satisfaction call, a second follow-up or
        # a car's new-car call twice, even with two workers at once: partial unique indexes
        # (the ORM cannot declare one with a WHERE clause).
        for name, columns, where in (
            (
                "fleet_aftersales_callback_visit_type_uniq",
                "visit_id, callback_type",
                "callback_type = 'satisfaction' AND visit_id IS NOT NULL",
            ),
            (
                "fleet_aftersales_callback_parent_type_uniq",
                "parent_id, callback_type",
                "callback_type = 'second_followup' AND parent_id IS NOT NULL",
            ),
            (
                "fleet_aftersales_callback_new_car_uniq",
                "vehicle_id, callback_type",
                "callback_type = 'new_car' AND vehicle_id IS NOT NULL",
            ),
            (
                # one reminder per due date / expiry (a follow-up by letter has a parent)
                "fleet_aftersales_callback_vehicle_reminder_uniq",
                "vehicle_id, callback_type, reminder_date",
                "callback_type IN ('maintenance_reminder', 'insurance_renewal') AND parent_id IS NULL",
            ),
            (
                # one birthday greeting a year, one win-back call per lost period
                "fleet_aftersales_callback_partner_reminder_uniq",
                "partner_id, callback_type, reminder_date",
                "callback_type IN ('birthday', 'lost_customer') AND parent_id IS NULL",
            ),
            (
                "fleet_aftersales_callback_campaign_uniq",
                "campaign_id, partner_id, channel",
                "campaign_id IS NOT NULL AND parent_id IS NULL AND channel = 'phone'",
            ),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE %s",
                    SQL.identifier(name),
                    SQL.identifier(self._table),
                    SQL(columns),
                    SQL(where),
                )
            )

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        callbacks = super().create(vals_list)
        callbacks.filtered(lambda c: not c.answer_ids)._add_questionnaire()
        callbacks._activity_update()
        return callbacks

    def write(self, vals):
        res = super().write(vals)
        if {"state", "user_id", "date_due", "callback_type", "next_call_datetime"} & set(vals):
            self._activity_update()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_worked(self):
        if any(c.state != "cancelled" and (c.state != "pending" or c.attempt_count) for c in self):
            raise UserError(
                self.env._(
                    "A callback that was worked on is kept: cancel it instead of deleting it."
                )
            )

    # ---- Actions ----------------------------------------------------------------------
    def action_done(self):
        """The customer answered: check the questionnaire and close the callback."""
        self._check_pending()
        for callback in self:
            if callback.callback_type == "lost_customer" and not callback.lost_reason_id:
                raise UserError(
                    self.env._(
                        "Callback %(name)s: record why the customer stopped coming (the lost reason).",
                        name=callback.display_name,
                    )
                )
            unanswered = callback.answer_ids.filtered(lambda a: not a.rating)
            if unanswered and not callback.note:
                raise UserError(
                    self.env._(
                        "Callback %(name)s: rate every question, or write in the note why %(questions)s "
                        "could not be answered.",
                        name=callback.display_name,
                        questions=", ".join(unanswered.question_id.mapped("name")),
                    )
                )
        self._increment_attempts()
        self.write(
            {
                "state": "done",
                "date_done": fields.Date.context_today(self),
                "next_call_datetime": False,
            }
        )
        for callback in self.filtered(
            lambda c: c.callback_type == "complaint_confirmation" and c.complaint_id
        ):
            callback.complaint_id._on_confirmation_done(callback)
        return True

    def action_raise_complaint(self):
        """One click from a poor answer to a complaint ticket, prefilled, opened in its form."""
        self.ensure_one()
        complaint = self.env["fleet.aftersales.complaint"].create(
            dict(self._prepare_complaint_values(), channel="callback")
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "fleet.aftersales.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_raised_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_aftersales.fleet_aftersales_complaint_action"
        )
        action.update(
            domain=[("callback_id", "=", self.id)], context={"default_callback_id": self.id}
        )
        return action

    def action_no_answer(self):
        """No answer or busy: plan the next attempt in the customer's call window.

        After the maximum number of attempts, or past the expiry, the callback becomes
        unreachable; customers who prefer another channel then get a follow-up by it.
        """
        self._check_pending()
        self._increment_attempts()
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        unreachable = self.browse()
        for callback in self:
            company = callback.company_id
            expired = (
                callback.date_due + timedelta(days=company.aftersales_callback_expiry_days) < today
            )
            if callback.attempt_count >= company.aftersales_callback_max_attempts or expired:
                unreachable |= callback
                continue
            slot = callback._next_call_slot(now)
            callback.write({"next_call_datetime": slot, "date_due": callback._local_date(slot)})
        if unreachable:
            unreachable.write({"state": "unreachable", "next_call_datetime": False})
            unreachable._propose_other_channel()
        return True

    def action_reschedule(self, call_datetime):
        """The customer is busy and names a time: call again then (a UTC datetime)."""
        self._check_pending()
        call_datetime = fields.Datetime.to_datetime(call_datetime)
        if call_datetime < fields.Datetime.now() - timedelta(minutes=5):
            raise UserError(self.env._("The time to call again must be in the future."))
        for callback in self:
            callback.write(
                {
                    "next_call_datetime": call_datetime,
                    "date_due": callback._local_date(call_datetime),
                }
            )
        return True

    def action_cancel(self):
        self.filtered(lambda c: c.state == "pending").write({"state": "cancelled"})
        return True

    def action_reset(self):
        self.filtered(lambda c: c.state in ("cancelled", "unreachable")).write({"state": "pending"})
        return True

    def action_open_reschedule(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call Again Later"),
            "res_model": "fleet.aftersales.callback.reschedule",
            "view_mode": "form",
            "target": "new",
            "context": {"default_callback_id": self.id},
        }

    # ---- Activities -------------------------------------------------------------------
    def _get_activity_type(self):
        return self.env.ref(
            f"fleet_aftersales.mail_act_callback_{self.callback_type}", raise_if_not_found=False
        )

    def _activity_update(self):
        """Keep each callback's activity in step with its state (the one owner of that sync).

        Pending: reschedule the activity of our type, or schedule it; done: mark it done;
        unreachable or cancelled: remove it. Only activities of our callback types are
        touched, so manual activities survive. Existing activities are read in one query
        and the missing ones created in one call.
        """
        if self.env.context.get("mail_activity_automation_skip"):
            return
        # the activity type of each kind of callback, resolved once for the whole batch
        # (env.ref checks that the record exists: one query per call)
        types = self.env["mail.activity.type"].search([("aftersales_callback_type", "!=", False)])
        type_ids = types.ids
        type_by_kind = {}
        for activity_type in types.sorted(lambda t: (t.sequence, t.id)):
            type_by_kind.setdefault(activity_type.aftersales_callback_type, activity_type)
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "in", type_ids),
            ]
        )
        by_callback = defaultdict(lambda: self.env["mail.activity"])
        for activity in activities:
            by_callback[activity.res_id] |= activity
        model_id = self.env["ir.model"]._get_id(self._name)
        to_create, to_feedback, to_unlink = [], self.env["mail.activity"], self.env["mail.activity"]
        for callback in self:
            current = by_callback[callback.id]
            if callback.state == "done":
                to_feedback |= current
                continue
            if callback.state != "pending" or not callback.user_id:
                to_unlink |= current
                continue
            activity_type = (
                type_by_kind.get(callback.callback_type) or callback._get_activity_type()
            )
            values = callback._prepare_activity_values(activity_type)
            if current:
                current[1:].unlink()
                keep = current[:1]
                if (
                    keep.user_id.id,
                    keep.date_deadline,
                    keep.activity_type_id.id,
                    keep.summary,
                ) != (
                    values["user_id"],
                    values["date_deadline"],
                    values["activity_type_id"],
                    values["summary"],
                ):
                    keep.with_context(mail_activity_quick_update=True).write(values)
            else:
                to_create.append(dict(values, res_model_id=model_id, res_id=callback.id))
        # quick update: the agents find their calls in the inbox, not one e-mail per call
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        if to_create:
            Activity.create(to_create)
        if to_feedback:
            to_feedback.with_context(fleet_aftersales_callback_sync=True).action_feedback(
                feedback=self.env._("Callback done.")
            )
        to_unlink.unlink()

    def _prepare_activity_values(self, activity_type):
        self.ensure_one()
        summary = dict(self._fields["callback_type"]._description_selection(self.env))[
            self.callback_type
        ]
        if self.next_call_datetime:
            local = self._to_local(self.next_call_datetime)
            summary = self.env._(
                "%(summary)s at %(time)s", summary=summary, time=local.strftime("%H:%M")
            )
        return {
            "activity_type_id": activity_type.id,
            "user_id": self.user_id.id,
            "date_deadline": self.date_due,
            "summary": summary,
            "note": self.env._(
                "Call %(customer)s (%(phone)s) about %(vehicle)s.",
                customer=self.partner_id.name,
                phone=self.phone or "-",
                vehicle=self.vehicle_id.display_name or "-",
            ),
        }

    # ---- Helpers ----------------------------------------------------------------------
    def _check_pending(self):
        if any(callback.state != "pending" for callback in self):
            raise UserError(self.env._("Only pending callbacks can be worked on."))

    def _increment_attempts(self):
        for callback in self:
            callback.attempt_count += 1

    def _tz(self):
        return pytz.timezone(self.partner_id.tz or self.user_id.tz or self.env.user.tz or "UTC")

    def _to_local(self, utc_datetime):
        return pytz.utc.localize(utc_datetime).astimezone(self._tz()).replace(tzinfo=None)

    def _to_utc(self, local_datetime):
        return self._tz().localize(local_datetime).astimezone(pytz.utc).replace(tzinfo=None)

    def _local_date(self, utc_datetime):
        return self._to_local(utc_datetime).date()

    def _next_call_slot(self, now):
        """Next attempt inside the customer's preferred call window, as a UTC datetime."""
        self.ensure_one()
        partner = self.partner_id
        local = call_schedule.next_call_slot(
            self._to_local(now), partner.call_window_start, partner.call_window_end
        )
        return self._to_utc(local)

    def _propose_other_channel(self):
        """Unreachable by phone: follow up by the customer's preferred channel instead."""
        vals_list = []
        for callback in self:
            channel = callback.partner_id.preferred_channel
            if callback.channel != "phone" or not channel or channel == "phone":
                continue
            vals_list.append(
                {
                    "callback_type": callback.callback_type,
                    "partner_id": callback.partner_id.id,
                    "vehicle_id": callback.vehicle_id.id,
                    "visit_id": callback.visit_id.id
                    if callback.callback_type != "satisfaction"
                    else False,
                    "parent_id": callback.id,
                    "user_id": callback.user_id.id,
                    "company_id": callback.company_id.id,
                    "channel": channel,
                    "date_due": fields.Date.context_today(self),
                    "note": self.env._(
                        "Unreachable by phone after %(count)s attempts: follow up by %(channel)s.",
                        count=callback.attempt_count,
                        channel=dict(self._fields["channel"]._description_selection(self.env))[
                            channel
                        ],
                    ),
                }
            )
        return self.create(vals_list)

    def _is_satisfied(self):
        """Satisfied: every rated answer is Good or Very Good (the statistics' definition)."""
        self.ensure_one()
        return self.is_satisfied

    def _add_questionnaire(self):
        """Add the questions of each callback's type, read once for all callbacks."""
        questions = self.env["fleet.aftersales.question"].search(
            [("activity_type_ids", "!=", False)]
        )
        by_type = defaultdict(list)
        for question in questions:
            for activity_type in question.activity_type_ids:
                by_type[activity_type.aftersales_callback_type].append(question)
        vals_list = []
        for callback in self.filtered(lambda c: c.channel in ("phone", "visit")):
            for question in by_type.get(callback.callback_type, []):
                if question.is_club_only and not callback.partner_id.is_club_member:
                    continue
                vals_list.append({"callback_id": callback.id, "question_id": question.id})
        self.env["fleet.aftersales.callback.answer"].create(vals_list)

    def _prepare_complaint_values(self, answers=None):
        """Values of a complaint raised from this callback's bad answers.

        The hook the complaint tickets build on: customer, vehicle, visit, question,
        reason and department of the first bad answer.
        """
        self.ensure_one()
        answers = answers or self.answer_ids.filtered(lambda a: a.rating in BAD_RATINGS)
        first = answers[:1]
        lines = [
            f"{a.question_id.name}: {a.rating} - {', '.join(a.reason_tag_ids.mapped('name'))} {a.reason or ''}".strip()
            for a in answers
        ]
        return {
            "partner_id": self.partner_id.id,
            "vehicle_id": self.vehicle_id.id,
            "visit_id": self.visit_id.id,
            "callback_id": self.id,
            "department_id": first.department_id.id,
            "company_id": self.company_id.id,
            "description": "\n".join(lines),
        }

    # ---- Agents -----------------------------------------------------------------------
    @api.model
    def _get_agent_pool(self, company):
        agents = company.aftersales_agent_ids.filtered("active")
        if not agents:
            agents = self.env.ref("fleet_aftersales.fleet_aftersales_group_agent").users.filtered(
                lambda u: u.active and not u.share and company in u.company_ids
            )
        return agents.sorted("id")

    @api.model
    def _assign_agents(self, vals_list, company):
        """Give each new callback an agent who is not the advisor of its visit.

        Least-loaded: the agent with the fewest pending callbacks (one grouped query);
        round-robin: in turn, from where the company's last run stopped.
        """
        agents = self._get_agent_pool(company)
        if not agents:
            return vals_list
        advisors = dict(
            self.env["fleet.aftersales.visit"]
            .browse([v["visit_id"] for v in vals_list if v.get("visit_id")])
            .mapped(lambda v: (v.id, v.advisor_id.id))
        )
        owners = dict(
            self.env["fleet.aftersales.complaint"]
            .browse([v["complaint_id"] for v in vals_list if v.get("complaint_id")])
            .mapped(lambda c: (c.id, c.user_id.id))
        )
        load = dict.fromkeys(agents.ids, 0)
        if company.aftersales_agent_assignment == "least_loaded":
            for user, count in self._read_group(
                [("state", "=", "pending"), ("user_id", "in", agents.ids)], ["user_id"], ["__count"]
            ):
                load[user.id] = count
        cursor = company.aftersales_agent_rr_index
        for vals in vals_list:
            if vals.get("user_id"):
                continue
            # never the advisor who received the car, nor the owner of the complaint confirmed
            excluded = {advisors.get(vals.get("visit_id")), owners.get(vals.get("complaint_id"))}
            candidates = [a for a in agents.ids if a not in excluded]
            if not candidates:
                continue
            if company.aftersales_agent_assignment == "round_robin":
                agent = candidates[cursor % len(candidates)]
                cursor += 1
            else:
                agent = min(candidates, key=lambda a: (load[a], a))
                load[agent] += 1
            vals["user_id"] = agent
        if company.aftersales_agent_assignment == "round_robin":
            company.sudo().aftersales_agent_rr_index = (
                cursor  # sudo: agents may not write the company
            )
        return vals_list

    # ---- Scheduled action -------------------------------------------------------------
    @api.model
    def _cron_generate_callbacks(self, batch_size=500, limit=10000):
        """Create the day's callbacks and reminders, and move the reminders whose date moved.

        Kinds: satisfaction calls, second follow-ups, new-car calls, maintenance and
        insurance reminders, birthday greetings and lost-customer calls (see
        ``_get_callback_sources``). Customers who opted out of a kind get none; customers
        who prefer e-mail or SMS get a reminder message from its template instead of a call.

        Selects, per company: delivered visits ``satisfaction delay`` days old with no
        satisfaction callback; satisfaction callbacks done ``second follow-up delay`` days
        ago with no second follow-up; cars handed over ``new-car delay`` days ago with no
        new-car call. Items older than the expiry are skipped (no call months late).

        Idempotent: each selection excludes what already has its callback (the marker),
        and partial unique indexes refuse a duplicate from a concurrent worker, whose batch
        is then rolled back to its savepoint and skipped. Batches of ``batch_size``, at most
        ``limit`` a type and company per run; a run that hits the limit re-triggers itself.
        """
        created = self.browse()
        more = False
        # created quietly: no creation message, follower or "assigned to you" e-mail per
        # callback (the activity in the inbox is the agent's notice), so that a run's queries
        # do not grow with the number of calls
        quiet = {"tracking_disable": True, "mail_activity_quick_update": True}
        for company in self.env["res.company"].search([]):
            Callback = self.with_company(company).with_context(**quiet)
            Callback._sync_maintenance_reminders(company)
            for kind in CRON_KINDS:
                sources = Callback._get_callback_sources(kind, company, limit + 1)
                more |= len(sources) > limit
                sources = sources[:limit]
                done = 0
                for batch in cron.batches(sources, batch_size):
                    vals_list = [
                        Callback._prepare_callback_values(kind, source, company) for source in batch
                    ]
                    vals_list = Callback._filter_opted_out(vals_list)
                    vals_list = Callback._assign_agents(vals_list, company)
                    new = Callback._create_isolated(vals_list)
                    if kind == "new_car":
                        new._schedule_first_service_booking()
                    new._send_by_template()
                    created |= new
                    done += len(batch)
                    cron.commit_progress(self.env, done, len(sources) - done)
        if more:
            self.env.ref("fleet_aftersales.ir_cron_generate_callbacks")._trigger()
        return created

    @api.model
    def _create_isolated(self, vals_list):
        """Create a batch in one call; if it fails, record by record, skipping the failures.

        A duplicate means a concurrent run created that callback first: nothing is lost.
        Any other failure is logged and that item is tried again on the next run.
        """
        try:
            with self.env.cr.savepoint():
                return self.create(vals_list)
        except Exception:  # narrowed down record by record below
            _logger.info("Callback batch of %s failed; creating one by one", len(vals_list))
        created = self.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created |= self.create([vals])
            except psycopg2.IntegrityError:
                _logger.info("Callback %s already created by a concurrent run", vals)
            except Exception:
                _logger.exception("Callback %s not created", vals)
        return created

    #: kind -> (model of the items, their date field, delay setting on the company,
    #: the callback field that links an item to its callback, extra domain)
    _CALLBACK_SOURCES = {
        "satisfaction": (
            "fleet.aftersales.visit",
            "delivery_date",
            "aftersales_satisfaction_delay",
            "visit_id",
            [("state", "=", "delivered"), ("partner_id", "!=", False)],
        ),
        "second_followup": (
            "fleet.aftersales.callback",
            "date_done",
            "aftersales_second_followup_delay",
            "parent_id",
            [("callback_type", "=", "satisfaction"), ("state", "=", "done")],
        ),
        "new_car": (
            "fleet.vehicle",
            "delivery_date",
            "aftersales_new_car_delay",
            "vehicle_id",
            [("owner_id", "!=", False)],
        ),
    }

    @api.model
    def _filter_opted_out(self, vals_list):
        optouts = self.env["fleet.aftersales.optout"]._get_opted_out(
            {v["partner_id"] for v in vals_list}, {v["callback_type"] for v in vals_list}
        )
        return [v for v in vals_list if (v["partner_id"], v["callback_type"]) not in optouts]

    @api.model
    def _get_reminder_window(self, kind, company):
        """(date field, first day, last day, link field) of the items due a reminder today."""
        today = fields.Date.context_today(self)
        expiry = timedelta(days=company.aftersales_callback_expiry_days)
        if kind == "maintenance_reminder":
            lead = timedelta(days=company.aftersales_maintenance_lead_days)
            return "next_service_date", today - expiry, today + lead, "vehicle_id"
        if kind == "insurance_renewal":
            lead = timedelta(days=company.aftersales_insurance_lead_days)
            return "insurance_expiry_date", today, today + lead, "vehicle_id"
        return "lost_since_date", today - expiry, today, "partner_id"

    @api.model
    def _get_reminder_sources(self, kind, company, limit):
        """Vehicles or customers due a reminder of ``kind`` that have none for that date.

        The candidates are those whose date falls in the reminder window (an indexed
        range: the cost follows the number due, not the fleet); those that already have a
        reminder for the same date (the idempotency marker) are dropped, in one query.
        """
        if kind == "birthday":
            return self._get_birthday_sources(company, limit)
        date_field, first, last, link_field = self._get_reminder_window(kind, company)
        if link_field == "vehicle_id":
            records = self.env["fleet.vehicle"].search(
                [
                    ("company_id", "in", (company.id, False)),
                    ("owner_id", "!=", False),
                    (date_field, ">=", first),
                    (date_field, "<=", last),
                ],
                limit=limit,
                order="id",
            )
        else:
            records = self.env["res.partner"].search(
                [
                    ("is_lost_customer", "=", True),
                    (date_field, ">=", first),
                    (date_field, "<=", last),
                ],
                limit=limit,
                order="id",
            )
        done = {
            (row[link_field][0], row["reminder_date"])
            for row in self.with_context(active_test=False).search_read(
                [
                    ("callback_type", "=", kind),
                    (link_field, "in", records.ids),
                    ("parent_id", "=", False),
                    ("reminder_date", ">=", first),
                ],
                [link_field, "reminder_date"],
            )
        }
        return records.filtered(lambda r: (r.id, r[date_field]) not in done)

    @api.model
    def _get_birthday_sources(self, company, limit):
        today = fields.Date.context_today(self)
        days = [today.strftime("%m-%d")]
        if today.month == 2 and today.day == 28 and not _is_leap(today.year):
            days.append("02-29")  # born on 29 February: greeted on the 28th in common years
        partners = self.env["res.partner"].search(
            [
                ("birthday_mmdd", "in", days),
                ("owned_vehicle_ids.company_id", "in", (company.id, False)),
            ],
            limit=limit,
            order="id",
        )
        done = set(
            self.search(
                [
                    ("callback_type", "=", "birthday"),
                    ("partner_id", "in", partners.ids),
                    ("reminder_date", "=", today),
                ]
            )
            .mapped("partner_id")
            .ids
        )
        return partners.filtered(lambda p: p.id not in done)

    def _sync_maintenance_reminders(self, company, vehicles=None):
        """Pending maintenance reminders follow their vehicle's next service date.

        A reminder whose due date moved (a service was done, the odometer changed) moves
        with it while the new date is still within the lead time, and is cancelled
        otherwise: a reminder never survives the service it announced.
        """
        domain = [
            ("company_id", "=", company.id),
            ("callback_type", "=", "maintenance_reminder"),
            ("state", "=", "pending"),
            ("parent_id", "=", False),
        ]
        if vehicles is not None:
            domain.append(("vehicle_id", "in", vehicles.ids))
        reminders = self.search(domain)
        last = fields.Date.context_today(self) + timedelta(
            days=company.aftersales_maintenance_lead_days
        )
        to_cancel = self.browse()
        for reminder in reminders.filtered(
            lambda r: r.reminder_date != r.vehicle_id.next_service_date
        ):
            due = reminder.vehicle_id.next_service_date
            if due and due <= last:
                reminder.write({"reminder_date": due})
            else:
                to_cancel |= reminder
        if to_cancel:
            to_cancel.write(
                {
                    "state": "cancelled",
                    "note": self.env._("The service it announced was done or moved."),
                }
            )
        return to_cancel

    def _send_by_template(self):
        """Reminders to customers who prefer e-mail or SMS are sent from a template and
        recorded on the callback (done) instead of being called."""
        templated = self.filtered(
            lambda c: c.state == "pending"
            and c.channel in ("email", "sms")
            and c.callback_type in TEMPLATE_KINDS
        )
        for callback in templated:
            if callback.channel == "email":
                template = self.env.ref(f"fleet_aftersales.mail_template_{callback.callback_type}")
                # queued: Odoo's mail queue sends it, a batch job does not wait on SMTP
                message = callback.with_context(
                    mail_notify_force_send=False
                ).message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=callback.partner_id.ids,
                )
            else:
                template = self.env.ref(f"fleet_aftersales.sms_template_{callback.callback_type}")
                message = callback._message_sms_with_template(
                    template=template, partner_ids=callback.partner_id.ids, put_in_queue=True
                )
            callback.write(
                {
                    "sent_message_id": message.id,
                    "state": "done",
                    "date_done": fields.Date.context_today(self),
                    "attempt_count": 1,
                }
            )
        return templated

    @api.model
    def _get_callback_sources(self, kind, company, limit):
        """The records due a callback of ``kind`` today in ``company``: their date is
        ``delay`` days ago (at most the expiry more), and no callback of that kind links
        to them yet (the idempotency marker)."""
        if kind not in self._CALLBACK_SOURCES:
            return self._get_reminder_sources(kind, company, limit)
        model, date_field, delay_field, link_field, domain = self._CALLBACK_SOURCES[kind]
        today = fields.Date.context_today(self)
        delay = company[delay_field]
        existing = self._search([("callback_type", "=", kind), (link_field, "!=", False)])
        company_ids = (company.id, False) if model == "fleet.vehicle" else (company.id,)
        return self.env[model].search(
            [
                *domain,
                ("company_id", "in", company_ids),
                (date_field, "<=", today - timedelta(days=delay)),
                (
                    date_field,
                    ">=",
                    today - timedelta(days=delay + company.aftersales_callback_expiry_days),
                ),
                ("id", "not in", existing.subselect(link_field)),
            ],
            limit=limit,
            order="id",
        )

    def _schedule_first_service_booking(self):
        """New-car calls come with an activity on the car: book its first service (首保)."""
        activity_type = self.env.ref("fleet_aftersales.mail_act_book_first_service")
        model_id = self.env["ir.model"]._get_id("fleet.vehicle")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": callback.vehicle_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": callback.user_id.id or self.env.uid,
                    "date_deadline": callback.date_due,
                    "note": self.env._(
                        "First service due on %(date)s or at %(km)s km.",
                        date=callback.vehicle_id.next_service_date or "-",
                        km=int(callback.vehicle_id.next_service_odometer),
                    ),
                }
                for callback in self.filtered("vehicle_id")
            ]
        )

    @api.model
    def _prepare_callback_values(self, kind, source, company):
        today = fields.Date.context_today(self)
        vals = {"callback_type": kind, "company_id": company.id, "date_due": today}
        if kind == "satisfaction":
            vals.update(
                partner_id=source.partner_id.id, vehicle_id=source.vehicle_id.id, visit_id=source.id
            )
        elif kind == "second_followup":
            vals.update(
                partner_id=source.partner_id.id,
                vehicle_id=source.vehicle_id.id,
                visit_id=source.visit_id.id,
                parent_id=source.id,
                # the agent of the first call knows the customer already (and is not the advisor)
                user_id=source.user_id.id,
            )
        elif kind == "new_car":
            vals.update(partner_id=source.owner_id.id, vehicle_id=source.id)
        elif kind in ("maintenance_reminder", "insurance_renewal"):
            partner = source.owner_id
            is_first = kind == "maintenance_reminder" and not source.last_service_date
            vals.update(
                partner_id=partner.id,
                vehicle_id=source.id,
                channel=partner.preferred_channel or "phone",
                reminder_date=source.next_service_date
                if kind == "maintenance_reminder"
                else source.insurance_expiry_date,
                note=self.env._(
                    "First service (首保) due on %(date)s or at %(km)s km.",
                    date=source.next_service_date,
                    km=int(source.next_service_odometer),
                )
                if is_first
                else self.env._(
                    "Service due on %(date)s or at %(km)s km.",
                    date=source.next_service_date,
                    km=int(source.next_service_odometer),
                )
                if kind == "maintenance_reminder"
                else self.env._(
                    "Insurance expires on %(date)s.", date=source.insurance_expiry_date
                ),
            )
        elif kind == "birthday":
            vals.update(
                partner_id=source.id,
                channel=source.preferred_channel or "phone",
                reminder_date=today,
            )
        else:  # lost_customer: always a call, its reason is what we want to know
            vals.update(
                partner_id=source.id,
                vehicle_id=source.owned_vehicle_ids[:1].id,
                reminder_date=source.lost_since_date,
            )
        return vals
