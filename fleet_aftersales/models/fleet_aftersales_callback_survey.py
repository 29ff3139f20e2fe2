# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import uuid
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, email_normalize

from ..tools import cron
from .fleet_aftersales_callback_answer import BAD_RATINGS
from .fleet_aftersales_state_mixin import button

SURVEY_MAIL_TEMPLATE = "fleet_aftersales.mail_template_survey_link"
SURVEY_SMS_TEMPLATE = "fleet_aftersales.sms_template_survey_link"
#: the channels a survey link goes out by
SURVEY_CHANNELS = [("sms", "SMS"), ("email", "E-mail")]


class FleetAftersalesCallback(models.Model):
    """The survey by link (问卷链接): a callback with a questionnaire sent to the customer
    as a link (SMS or e-mail, the customer's preferred channel) instead of a call.

    The link carries the callback's ``access_token`` (``portal.mixin``); opening it writes
    nothing (link scanners open every link), the customer's submit answers the
    questionnaire as a call does (``channel`` "online") and marks the callback done with
    :meth:`action_done`, so the complaint proposal and the department notice follow. A
    link works once and until its expiry; not answered by then, the call is due today
    (:meth:`_aftersales_survey_fallback`, run by the daily callbacks action)."""

    # a file per concern: the link is not the call's life cycle (and that file's size)
    _name = "fleet.aftersales.callback"
    _inherit = ["fleet.aftersales.callback", "portal.mixin"]

    channel = fields.Selection(
        selection_add=[("online", "Online Survey")], ondelete={"online": "set default"}
    )
    survey_state = fields.Selection(
        [("sent", "Link Sent"), ("answered", "Answered Online"), ("expired", "Not Answered")],
        string="Survey Link",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The questionnaire sent as a link: waiting for the customer, answered by the "
        "customer online, or not answered in time (then called).",
    )
    survey_channel = fields.Selection(
        SURVEY_CHANNELS,
        string="Link Sent By",
        readonly=True,
        copy=False,
    )
    survey_sent_datetime = fields.Datetime(string="Link Sent On", readonly=True, copy=False)
    survey_expiry_datetime = fields.Datetime(
        string="Link Valid Until",
        readonly=True,
        copy=False,
        index=True,
        help="Not answered by then: the link stops working and the call is due that day.",
    )
    last_contact_date = fields.Date(
        string="Last Call Attempt",
        readonly=True,
        copy=False,
        index=True,
        help="The last day the customer was called about this callback, answered or not.",
    )
    is_survey_sendable = fields.Boolean(
        compute="_compute_is_survey_sendable",
        help="A pending callback with a questionnaire may go out as a link.",
    )

    @api.depends("state", "answer_ids", "survey_state")
    def _compute_is_survey_sendable(self):
        for callback in self:
            callback.is_survey_sendable = bool(
                callback.state == "pending"
                and callback.answer_ids
                and callback.survey_state != "sent"
                and not callback.merged_into_id
            )

    def _compute_access_url(self):
        for callback in self:
            callback.access_url = f"/aftersales/survey/{callback.id}"

    # ---- Actions ----------------------------------------------------------------------
    @button
    def action_send_survey(self):
        """Send the questionnaire as a link by each customer's preferred channel (SMS or
        e-mail) with the company's template, in the customer's language; the call waits
        until the link expires. Refused for a callback without a questionnaire, a customer
        without a mobile or e-mail for that channel, or contacted today by another channel
        (one channel a day per customer)."""
        self._check_pending()
        self._check_survey_sendable()
        now = fields.Datetime.now()
        for callback in self:
            company = callback.company_id
            expiry = now + timedelta(days=company.aftersales_survey_expiry_days)
            callback.write(
                {
                    # a new token per link: one a notification made earlier does not open it
                    "access_token": str(uuid.uuid4()),
                    "survey_state": "sent",
                    "survey_channel": callback.partner_id.preferred_channel,
                    "survey_sent_datetime": now,
                    "survey_expiry_datetime": expiry,
                    # no call while the customer may answer: due when the link expires
                    "date_due": max(callback.date_due, callback._local_date(expiry)),
                    "next_call_datetime": False,
                }
            )
            callback._send_survey_message()
        return True

    def _send_survey_message(self):
        """The link, by the template of the survey's channel, to the customer only."""
        self.ensure_one()
        if self.survey_channel == "email":
            template = self.env.ref(SURVEY_MAIL_TEMPLATE)
            # queued: Odoo's mail queue sends it, the agent does not wait on SMTP
            message = self.with_context(mail_notify_force_send=False).message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", partner_ids=self.partner_id.ids
            )
        else:
            template = self.env.ref(SURVEY_SMS_TEMPLATE)
            message = self._message_sms_with_template(
                template=template, partner_ids=self.partner_id.ids, put_in_queue=True
            )
        self.sent_message_id = message
        return message

    def _check_survey_sendable(self):
        for callback in self:
            carried = callback.merged_ids.filtered(lambda c: c.state == "pending")
            if not callback.answer_ids or callback.merged_into_id or carried.answer_ids:
                raise UserError(
                    self.env._(
                        "Callback %(name)s has no questionnaire of its own to send as a link.",
                        name=callback.display_name,
                    )
                )
            if callback.survey_state == "sent":
                raise UserError(
                    self.env._(
                        "Callback %(name)s: the survey link was already sent; the customer "
                        "may answer it until %(date)s.",
                        name=callback.display_name,
                        date=callback._local_date(callback.survey_expiry_datetime),
                    )
                )
            partner = callback.partner_id
            channel = partner.preferred_channel
            if channel not in dict(SURVEY_CHANNELS):
                raise UserError(
                    self.env._(
                        "%(customer)s prefers to be contacted by phone or letter: set SMS or "
                        "e-mail as the preferred channel to send the survey link.",
                        customer=partner.name,
                    )
                )
            if channel == "sms" and not partner.mobile:
                raise UserError(
                    self.env._(
                        "%(customer)s has no mobile number for the survey link by SMS.",
                        customer=partner.name,
                    )
                )
            if channel == "email" and not email_normalize(partner.email):
                raise UserError(
                    self.env._(
                        "%(customer)s has no e-mail address for the survey link by e-mail.",
                        customer=partner.name,
                    )
                )
        self._check_one_channel_a_day()

    def _check_one_channel_a_day(self):
        """One channel a day per customer: refused when the customer was contacted today
        (in the shop's time) by another channel than the survey's."""
        for company, callbacks in self.grouped("company_id").items():
            contacts = self._aftersales_contacts_today(callbacks.partner_id, company)
            labels = dict(self._fields["channel"]._description_selection(self.env))
            for callback in callbacks:
                channel = callback.partner_id.preferred_channel
                other = contacts.get(callback.partner_id.id, set()) - {channel}
                if other:
                    raise UserError(
                        self.env._(
                            "%(customer)s was already contacted today by %(channels)s: one "
                            "channel a day per customer, send the survey link tomorrow.",
                            customer=callback.partner_id.name,
                            channels=", ".join(sorted(labels[c] for c in other)),
                        )
                    )

    @api.model
    def _aftersales_contacts_today(self, partners, company):
        """{partner id: the channels it was contacted by today in ``company``}: a callback
        done today (a call, or a template sent instead), a call attempted today, a survey
        link sent today. One query."""
        today = company._aftersales_today()
        start = company._aftersales_to_utc(datetime.combine(today, time.min))
        contacts = {}
        # sudo: the rule is the customer's, whoever of the shop's agents made the contact
        # (an agent reads only their own callbacks); only the channels are returned
        for callback in self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                "|",
                "|",
                "&",
                ("state", "=", "done"),
                ("date_done", "=", today),
                ("last_contact_date", "=", today),
                ("survey_sent_datetime", ">=", start),
            ]
        ):
            channels = contacts.setdefault(callback.partner_id.id, set())
            if callback.state == "done" and callback.date_done == today:
                channels.add(callback.channel)
            if callback.last_contact_date == today:
                channels.add("phone")
            if callback.survey_sent_datetime and callback.survey_sent_datetime >= start:
                channels.add(callback.survey_channel)
        return contacts

    def _increment_attempts(self):
        # every attempt is a call (answered or not): the day counts for one channel a day
        res = super()._increment_attempts()
        for company, callbacks in self.grouped("company_id").items():
            callbacks.filtered(lambda c: c.channel != "online").write(
                {"last_contact_date": company._aftersales_today()}
            )
        return res

    # ---- The customer's answer ----------------------------------------------------------
    def _get_survey_status(self, token):
        """What the link with ``token`` opens: "open" (the questionnaire), "answered",
        "expired" (a polite page, no data), or None when the token is not this
        callback's link. The token stays after the answer: a reused link says it was
        answered, and opens nothing else."""
        self.ensure_one()
        if not (
            token
            and self.access_token
            and self.survey_state
            and consteq(self.access_token, str(token))
        ):
            return None
        if self.survey_state == "answered":
            return "answered"
        if (
            self.survey_state == "sent"
            and self.state == "pending"
            and self.survey_expiry_datetime > fields.Datetime.now()
        ):
            return "open"
        return "expired"

    def _get_survey_refusal(self, answers_vals):
        """The customer's answers checked as the phone questionnaire checks them: every
        question rated, a reason (a tag or a text) for Poor and Very Poor. ``answers_vals``:
        {answer: {"rating", "reason_tag_ids", "reason"}}; returns ``(error, answer ids)``,
        ``(None, [])`` when they are complete."""
        unrated = [a.id for a in self.answer_ids if not answers_vals.get(a, {}).get("rating")]
        if unrated:
            return self.env._("Please rate every question."), unrated
        unexplained = self.answer_ids.filtered(
            lambda a: answers_vals[a]["rating"] in BAD_RATINGS
            and not (answers_vals[a].get("reason_tag_ids") or answers_vals[a]["reason"].strip())
        )
        if unexplained:
            return (
                self.env._(
                    'You rated "%(question)s" poor: please tell us why.',
                    question=unexplained[0].question_id.name,
                ),
                unexplained.ids,
            )
        return None, []

    def _submit_survey(self, answers_vals, suggestion, wants_contact=False):
        """Record the customer's answers as a call records them, with the channel "online",
        and close the callback with the agent's **Call Done** (complaint proposal,
        department notice); the link no longer opens. ``wants_contact``: the customer asks
        to be contacted about a poor rating: a complaint is raised, as the agent does."""
        self.ensure_one()
        for answer in self.answer_ids:
            vals = answers_vals[answer]
            answer.write(
                {
                    "rating": vals["rating"],
                    "reason_tag_ids": [(6, 0, vals.get("reason_tag_ids") or [])],
                    "reason": (vals.get("reason") or "").strip() or False,
                }
            )
        self.write(
            {
                "channel": "online",
                "suggestion": (suggestion or "").strip() or False,
                "survey_state": "answered",
            }
        )
        self.action_done()
        if wants_contact and self.has_bad_answer:
            self.env["fleet.aftersales.complaint"].create(
                dict(self._prepare_complaint_values(), channel="callback")
            )
        return True

    # ---- Not answered in time -----------------------------------------------------------
    @api.model
    def _aftersales_survey_fallback(self, company, batch_size=500):
        """The survey links of ``company`` not answered by their expiry: the link stops
        working and the call is due today. Idempotent: what falls back is no longer
        "sent", which the selection requires. Batched, one write per batch."""
        expired = self.search(
            [
                ("company_id", "=", company.id),
                ("survey_state", "=", "sent"),
                ("survey_expiry_datetime", "<=", fields.Datetime.now()),
            ]
        )
        today = company._aftersales_today()
        done = 0
        for batch in cron.batches(expired, batch_size):
            batch.write({"survey_state": "expired"})
            batch.filtered(lambda c: c.state == "pending").write({"date_due": today})
            done += len(batch)
            cron.commit_progress(self.env, done, len(expired) - done)
        return expired

    # ---- Notifications ------------------------------------------------------------------
    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        # the customer opens a callback by its survey link only, never by a "View" button
        # in another message (a reminder's e-mail)
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        return [group for group in groups if group[0] != "portal_customer"]
