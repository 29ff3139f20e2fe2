# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import callback_kinds
from ..tools import actions, call_schedule
from ..tools.batch_texts import BatchTexts
from .fleet_aftersales_callback_answer import answer_figures, answer_figures_match
from .fleet_aftersales_state_mixin import button

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
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "fleet.aftersales.deadline.mixin",
        "fleet.aftersales.agent.mixin",
        "fleet.aftersales.state.mixin",
        "fleet.aftersales.call.rules.mixin",
    ]
    _order = "date_due desc, id desc"
    _check_company_auto = True
    _aftersales_open_states = ("pending",)
    _aftersales_initial_states = ("pending",)
    _aftersales_folded_states = ("cancelled",)
    _aftersales_button_fields = ("state", "date_done")
    # what the customer said and who called: a manager corrects it, tracked
    # fmt: off
    _aftersales_locked_fields = {"done": (
        "callback_type", "partner_id", "vehicle_id", "visit_id", "user_id", "channel",
        "direction", "date_due", "attempt_count", "suggestion", "note", "lost_reason_id",
    )}
    # fmt: on
    _aftersales_deadline_field = "date_due"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    callback_type = fields.Selection(
        selection="_selection_callback_type",
        string="Type",
        required=True,
        index=True,
        tracking=True,
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
        string="Complaint to Confirm",
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
    date_first_due = fields.Date(
        string="First Due Date",
        index=True,
        readonly=True,
        copy=False,
        help="The due date the callback was created with; the expiry counts from it, "
        "however often the call is tried again or put off.",
    )
    next_call_datetime = fields.Datetime(
        string="Next Call",
        tracking=True,
        help="When to call: the time the customer named, or the next slot of the customer's call window.",
    )
    channel = fields.Selection(CHANNELS, string="Contact Method", required=True, default="phone")
    direction = fields.Selection(
        [("outbound", "Outbound"), ("inbound", "Inbound")],
        string="Call Direction",
        required=True,
        default="outbound",
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
        # every state is a kanban column, in lifecycle order
        group_expand=True,
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
    suggestion = fields.Text(
        tracking=True, help="The customer's suggestions, counted in the monthly statistics."
    )
    note = fields.Text(
        tracking=True, help="What the customer said; why a question was not answered."
    )
    date_done = fields.Date(string="Done On", copy=False, index=True, tracking=True)
    reminder_date = fields.Date(
        index=True,
        copy=False,
        help="What the reminder is about: the service due date, the insurance expiry, the birthday, "
        "the day the customer became lost, or the campaign's date.",
    )
    campaign_id = fields.Many2one("fleet.aftersales.campaign", index=True, check_company=True)
    lost_period_id = fields.Many2one(
        "fleet.aftersales.lost.period",
        string="Lost-Customer Period",
        index=True,
        copy=False,
        readonly=True,
        ondelete="restrict",
        check_company=True,
        help="The absence this win-back call is about: one call per absence.",
    )
    lost_reason_id = fields.Many2one(
        "fleet.aftersales.lost.reason",
        tracking=True,
        help="Why the customer stopped coming: required to close a lost-customer call.",
    )
    sent_message_id = fields.Many2one(
        "mail.message", copy=False, readonly=True, help="The message sent instead of a call."
    )

    # ---- Kinds ------------------------------------------------------------------------
    @api.model
    def _get_kinds(self):
        """The declared kinds of callback, code -> declaration (``callback_kinds``).

        The hook for other modules: override it to add or change a kind per database."""
        return callback_kinds.KINDS

    @api.model
    def _selection_callback_type(self):
        return [(code, self.env._(kind.label)) for code, kind in self._get_kinds().items()]

    @api.model
    def _kind_labels(self, reader=None, memo=None):
        """code -> label of the kinds, in ``reader``'s language (default ``self.env``'s);
        ``memo``: a dict keeping them by language, for a batch that asks thousands of times."""
        env = reader or self.env
        if memo is None:
            return dict(self._fields["callback_type"]._description_selection(env))
        if env.lang not in memo:
            memo[env.lang] = self._kind_labels(env)
        return memo[env.lang]

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
            callback.update(answer_figures(callback.answer_ids.mapped("rating")))

    def _compute_raised_complaint_count(self):
        counts = dict(
            self.env["fleet.aftersales.complaint"]._read_group(
                [("callback_id", "in", self.ids)], ["callback_id"], ["__count"]
            )
        )
        for callback in self:
            callback.raised_complaint_count = counts.get(callback, 0)

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

    @api.constrains("has_bad_answer", "has_rating", "is_satisfied", "average_rating")
    def _check_answer_figures(self):
        # stored computed fields are writable through write() and create(): the figures
        # of the statistics always are those of the answers
        for callback in self:
            if not answer_figures_match(callback.answer_ids.mapped("rating"), callback):
                raise ValidationError(
                    self.env._(
                        "Callback %(name)s: the ratings, average and satisfaction are "
                        "computed from the answers and cannot be written.",
                        name=callback.display_name,
                    )
                )

    def init(self):
        # Each kind's idempotency key as a partial unique index (the ORM cannot declare
        # one with a WHERE clause): the daily action never creates a callback twice, even
        # with two workers at once.
        for kind in self._get_kinds().values():
            sql = kind.unique_index_sql(self._table)
            if sql:
                self.env.cr.execute(sql)

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # every creator (daily action, complaint, campaign, fallback, form) goes through here
        env = self.env
        if len(vals_list) > 1:
            # a batch (a campaign's invitations, the follow-ups of unreachable calls) is
            # created quietly, as the daily action does: no creation message nor "assigned
            # to you" e-mail per callback; the activities in the agents' inbox are the notice
            self = self.with_context(tracking_disable=True, mail_activity_quick_update=True)
        for vals in vals_list:
            vals.setdefault(
                "date_first_due", vals.get("date_due") or self.env.context.get("default_date_due")
            )
        self._assign_agents(vals_list)
        callbacks = super().create(vals_list)
        self.env["fleet.aftersales.callback.answer"]._create_questionnaires(
            callbacks.filtered(lambda c: not c.answer_ids)
        )
        callbacks._activity_update()
        return callbacks.with_env(env)

    def write(self, vals):
        handed_over = self._check_hand_over(vals)
        res = super().write(vals)
        if self and {"state", "user_id", "date_due", "callback_type", "next_call_datetime"} & set(
            vals
        ):
            # a handed-over call leaves its agent's reach with the write: its activity moves
            # to the colleague's inbox all the same
            (self.sudo() if handed_over else self)._activity_update()
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
    @button
    def action_done(self):
        """The customer answered: check the questionnaire and close the callback, and the
        purposes it carries."""
        self._check_pending()
        self = self._aftersales_with_purposes()  # pylint: disable=self-cls-assignment
        for callback in self:
            if callback.callback_type == "lost_customer" and not callback.lost_reason_id:
                raise UserError(
                    self.env._(
                        "Callback %(name)s: record why the customer stopped coming (the lost reason).",
                        name=callback.display_name,
                    )
                )
            unanswered = callback.answer_ids.filtered(lambda a: not a.rating)
            if unanswered and not (callback.note or "").strip():
                raise UserError(
                    self.env._(
                        "Callback %(name)s: rate every question, or write in the note why %(questions)s "
                        "could not be answered.",
                        name=callback.display_name,
                        questions=", ".join(unanswered.question_id.mapped("name")),
                    )
                )
        self._increment_attempts()
        for company, callbacks in self.grouped("company_id").items():
            callbacks.write(
                {
                    "state": "done",
                    "date_done": company._aftersales_today(),
                    "next_call_datetime": False,
                }
            )
        for callback in self.filtered(
            lambda c: c.callback_type == "complaint_confirmation" and c.complaint_id
        ):
            # the confirming agent is never the owner, the only one who may write the
            # complaint: the outcome of the call closes or reopens it all the same
            callback.complaint_id.sudo()._on_confirmation_done(callback)
        return True

    def action_raise_complaint(self):
        """One click from a poor answer to a complaint ticket, prefilled, opened in its form."""
        self.ensure_one()
        complaint = self.env["fleet.aftersales.complaint"].create(
            dict(self._prepare_complaint_values(), channel="callback")
        )
        return actions.form_action(complaint)

    def action_view_raised_complaints(self):
        self.ensure_one()
        return actions.records_action(
            self.env,
            "fleet_aftersales.fleet_aftersales_complaint_action",
            [("callback_id", "=", self.id)],
            {"default_callback_id": self.id},
        )

    @button
    def action_no_answer(self):
        """No answer or busy: plan the next attempt in the customer's call window.

        After the maximum number of attempts, or when the next attempt would be past the
        expiry (counted from the first due date), the callback becomes unreachable;
        customers who prefer another channel then get a follow-up by it.
        """
        self._check_pending()
        self._increment_attempts()
        now = fields.Datetime.now()
        unreachable = self.browse()
        for callback in self:
            slot = callback._next_call_slot(now)
            if (
                not slot
                or callback.attempt_count >= callback.company_id.aftersales_callback_max_attempts
                or callback._local_date(slot) > callback._get_expiry_date()
            ):
                unreachable |= callback
                continue
            callback.write({"next_call_datetime": slot, "date_due": callback._local_date(slot)})
        if unreachable:
            unreachable.write({"state": "unreachable", "next_call_datetime": False})
            unreachable._propose_other_channel()
        return True

    @button
    def action_reschedule(self, call_datetime):
        """The customer is busy and names a time: call again then (a UTC datetime)."""
        self._check_pending()
        try:
            call_datetime = fields.Datetime.to_datetime(call_datetime)
        except (TypeError, ValueError):
            call_datetime = None
        if not call_datetime:
            raise UserError(
                self.env._("Give the time to call again as a date and time (YYYY-MM-DD HH:MM:SS).")
            )
        if call_datetime < fields.Datetime.now() - timedelta(minutes=5):
            raise UserError(self.env._("The time to call again must be in the future."))
        for callback in self:
            # the time named, or the next working time after it (not a holiday, not lunch)
            call_at = (
                callback._next_call_slot(call_datetime, call_schedule.WHOLE_DAY, None)
                or call_datetime
            )
            if (last := callback._get_expiry_date()) < callback._local_date(call_at):
                raise UserError(
                    self.env._(
                        "Callback %(name)s expires on %(date)s: call again by then.",
                        name=callback.display_name,
                        date=last,
                    )
                )
            callback.write(
                {
                    "next_call_datetime": call_at,
                    "date_due": callback._local_date(call_at),
                }
            )
        return True

    @button
    def action_cancel(self):
        self.filtered(lambda c: c.state == "pending").write({"state": "cancelled"})
        return True

    @button
    def action_reset(self):
        """Back to pending, due today: a new expiry period starts."""
        for callback in self.filtered(lambda c: c.state in ("cancelled", "unreachable")):
            today = callback.company_id._aftersales_today()
            due = max(callback.date_due, today)
            callback.write({"state": "pending", "date_first_due": due, "date_due": due})
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
    def _activity_update(self, texts=None):
        """Keep each callback's activity in step with its state (the one owner of that sync).

        Pending with an agent: the activity of its kind's type, due when the call is; done:
        marked done; else removed. ``texts``: a run's ``BatchTexts``. Nothing to do: no query."""
        if self.env.context.get("mail_activity_automation_skip") or not self:
            return
        texts = texts if texts is not None else BatchTexts()
        if "types" not in texts.memo:
            texts.memo["types"] = self.env["mail.activity.type"]._aftersales_by_kind()
        types, type_by_kind = texts.memo["types"]
        self.env["mail.activity"]._aftersales_sync(
            self,
            types,
            feedback=lambda reader: reader._("Callback done."),
            get_target=lambda c: c._get_activity_target(type_by_kind.get(c.callback_type), texts),
        )

    def _get_activity_target(self, activity_type, texts=None):
        """What this callback's activity should be (see ``mail.activity._aftersales_sync``)."""
        self.ensure_one()
        if self.state == "done":
            return "done"
        if self.state != "pending" or not self.user_id or not activity_type or self.merged_into_id:
            return None
        texts = texts if texts is not None else BatchTexts()
        return self.env["mail.activity"]._aftersales_values(
            self,
            activity_type,
            self.user_id,
            self.date_due,
            lambda reader: self._get_activity_summary(reader, texts.labels, texts),
            lambda reader: self._get_activity_note(texts.of_env(reader)),
            texts,
        )

    def _get_activity_summary(self, reader, labels=None, texts=None):
        """The summary of this callback's activity, for ``reader`` (the agent's language);
        ``labels``: see ``_kind_labels``; ``texts``: a batch's ``tools.batch_texts.BatchTexts``."""
        summary = self._aftersales_purposes_label(reader, labels)
        if not self.next_call_datetime:
            return summary
        local = self._to_local(self.next_call_datetime)
        reader = (texts or BatchTexts()).of_env(reader)
        return reader._("%(summary)s at %(time)s", summary=summary, time=local.strftime("%H:%M"))

    def _get_activity_note(self, reader):
        return reader._(
            "Call %(customer)s (%(phone)s) about %(vehicle)s.",
            customer=self.partner_id.name,
            phone=self.phone or "-",
            vehicle=self.vehicle_id.display_name or "-",
        )

    # ---- Helpers ----------------------------------------------------------------------
    def _check_pending(self):
        self._check_state(("pending",), self.env._("Only pending callbacks can be worked on."))

    def _get_expiry_date(self):
        """The last day to work this callback on, counted from its first due date."""
        days = timedelta(days=self.company_id.aftersales_callback_expiry_days)
        return (self.date_first_due or self.date_due) + days

    def _increment_attempts(self):
        for callback in self:
            callback.attempt_count += 1

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
                    # the kinds' unique keys ignore follow-ups: the visit stays (advisor
                    # check, advisor statistics)
                    "visit_id": callback.visit_id.id,
                    "parent_id": callback.id,
                    "user_id": callback.user_id.id,
                    "company_id": callback.company_id.id,
                    "channel": channel,
                    "date_due": callback.company_id._aftersales_today(),
                    "note": callback._get_unreachable_note(channel),
                }
            )
        return self.create(vals_list)

    def _get_unreachable_note(self, channel):
        """The note of the follow-up by ``channel``, in the company's language."""
        reader = self.company_id._aftersales_reader_env()
        return reader._(
            "Unreachable by phone after %(count)s attempts: follow up by %(channel)s.",
            count=self.attempt_count,
            channel=dict(self._fields["channel"]._description_selection(reader))[channel],
        )

    def _is_satisfied(self):
        """Satisfied: every rated answer is Good or Very Good (the statistics' definition)."""
        self.ensure_one()
        return self.is_satisfied

    def _prepare_complaint_values(self, answers=None):
        """Values of a complaint raised from this callback's bad answers.

        The hook the complaint tickets build on: customer, vehicle, visit, question,
        reason and department of the first bad answer.
        """
        self.ensure_one()
        answers = answers or self.answer_ids.filtered("is_bad")
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
