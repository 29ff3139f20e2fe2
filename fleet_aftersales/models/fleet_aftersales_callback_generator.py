# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

import psycopg2

from odoo import api, models
from odoo.tools import email_normalize

from ..tools import cron

_logger = logging.getLogger(__name__)


class FleetAftersalesCallbackGenerator(models.AbstractModel):
    """The daily action that creates the day's callbacks: it iterates over the declared
    kinds of callback (``callback_kinds``) and knows none of them by name."""

    _name = "fleet.aftersales.callback.generator"
    _description = "Callback Generator"

    @api.model
    def _cron_generate_callbacks(self, batch_size=500, limit=10000):
        """Create the day's callbacks and reminders, and update the pending ones.

        For each company and each kind declared ``daily``, in the order of the kinds:
        the kind's ``refresh`` brings its pending callbacks up to date, its
        ``get_sources`` selects what is due today and has no callback yet (the
        idempotency marker), and a callback is made of each with ``prepare_values``.
        Customers who opted out of a kind get none; customers who prefer e-mail or SMS
        get the kind's template instead of a call, where it has one and they have an
        address for it (else a call). Before all that, the survey links not answered in
        time are called today, and the pending callbacks past their expiry become
        unreachable.

        Idempotent: the selections exclude what already has its callback, and each kind's
        partial unique index refuses a duplicate from a concurrent worker, whose batch is
        then created record by record, skipping the duplicates. Batches of ``batch_size``
        (one commit each), at most ``limit`` a kind and company per run; a run that hits
        the limit re-triggers itself.
        """
        Callback = self.env["fleet.aftersales.callback"]
        kinds = [kind for kind in Callback._get_kinds().values() if kind.daily]
        created, more = Callback.browse(), False
        for company in self.env["res.company"].search([]):
            company_created, company_more = self._generate_for_company(
                company, kinds, batch_size, limit
            )
            created |= company_created
            more |= company_more
        if more:
            self.env.ref("fleet_aftersales.ir_cron_generate_callbacks")._trigger()
        return created

    @api.model
    def _generate_for_company(self, company, kinds, batch_size=500, limit=10000):
        """The daily action for one company and ``kinds`` (see
        :meth:`_cron_generate_callbacks`; the no-show action runs it for its kind):
        ``(created, more)``, ``more`` when a kind had more than ``limit`` due."""
        # created quietly: no creation message, follower or "assigned to you" e-mail per
        # callback (the activity in the inbox is the agent's notice), so that a run's
        # queries do not grow with the number of calls
        today = company._aftersales_today()
        # calls are placed on call days only: a holiday's callbacks are due after it
        callbacks = (
            self.env["fleet.aftersales.callback"]
            .with_company(company)
            .with_context(
                tracking_disable=True,
                mail_activity_quick_update=True,
                fleet_aftersales_due=company._aftersales_next_call_day(today),
            )
        )
        created, more = callbacks.browse(), False
        # survey links not answered in time: the call is due today
        callbacks._aftersales_survey_fallback(company)
        self._expire_callbacks(callbacks, company, today)
        for kind in kinds:
            kind.refresh(callbacks, company, today)
        for kind in kinds:
            sources = kind.get_sources(callbacks, company, today, limit + 1)
            more |= len(sources) > limit
            created |= self._generate_kind(
                callbacks, kind, sources[:limit], company, today, batch_size
            )
        return created, more

    @api.model
    def _generate_kind(self, callbacks, kind, sources, company, today, batch_size):
        """The callbacks of one kind for ``sources``, in committed batches."""
        created = callbacks.browse()
        done = 0
        for batch in cron.batches(sources, batch_size):
            vals_list = [
                dict(
                    {
                        "callback_type": kind.code,
                        "company_id": company.id,
                        "date_due": callbacks.env.context.get("fleet_aftersales_due", today),
                    },
                    **kind.prepare_values(callbacks, source, company, today),
                )
                for source in batch
            ]
            calls, by_template = self._split_by_channel(
                self._filter_opted_out(vals_list, company), kind
            )
            # not too often: one call per customer in the days between calls
            joining = []
            if kind.spaced:
                calls, joining = callbacks._aftersales_plan_calls(calls, company)
            new = self._create_isolated(callbacks, calls)
            new |= self._create_isolated(callbacks, callbacks._aftersales_join_new(joining, new))
            new.merged_into_id._activity_update()
            # no activity for what is sent, not called: its agent is no follower, and only
            # the customer gets the message
            sent = self._create_isolated(
                callbacks.with_context(mail_activity_automation_skip=True), by_template
            )
            kind.after_create(new | sent)
            self._send_by_template(sent, kind)
            created |= new | sent
            done += len(batch)
            cron.commit_progress(self.env, done, len(sources) - done)
        return created

    @api.model
    def _filter_opted_out(self, vals_list, company):
        optouts = self.env["fleet.aftersales.optout"]._get_opted_out(
            {v["partner_id"] for v in vals_list}, {v["callback_type"] for v in vals_list}, company
        )
        return [v for v in vals_list if (v["partner_id"], v["callback_type"]) not in optouts]

    @api.model
    def _split_by_channel(self, vals_list, kind):
        """``(calls, by_template)``: the values of the callbacks to make by phone, and of
        those to send by the kind's template instead. A customer who prefers e-mail or SMS
        but has no e-mail address or mobile number for it gets a call."""
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list})
        reachable = {
            "email": {partner.id for partner in partners if email_normalize(partner.email)},
            "sms": {partner.id for partner in partners if partner.mobile},
        }
        calls, by_template = [], []
        for vals in vals_list:
            channel = vals.get("channel")
            if channel in reachable and kind.get_template(self.env, channel):
                if vals["partner_id"] in reachable[channel]:
                    by_template.append(vals)
                    continue
                vals["channel"] = "phone"  # and the phone questionnaire (callback create)
            calls.append(vals)
        return calls, by_template

    @api.model
    def _expire_callbacks(self, callbacks, company, today):
        """The company's pending callbacks past their expiry become unreachable, worked on
        or not: the expiry counts from the first due date, which no retry moves. Those
        tried in vain get a follow-up by the customer's preferred channel, as after the
        last attempt. Set-wise; what is unreachable is no longer selected (idempotent)."""
        expired = callbacks.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "pending"),
                # a carried purpose ends with the call that carries it
                ("merged_into_id", "=", False),
                (
                    "date_first_due",
                    "<",
                    today - timedelta(days=company.aftersales_callback_expiry_days),
                ),
            ]
        )
        expired.write({"state": "unreachable", "next_call_datetime": False})
        expired.filtered("attempt_count")._propose_other_channel()
        return expired

    @api.model
    def _create_isolated(self, callbacks, vals_list):
        """Create a batch in one call; if it fails, record by record, skipping the failures.
        Nothing to create: no query.

        A duplicate means a concurrent run created that callback first: nothing is lost.
        Any other failure is logged and that item is tried again on the next run.
        """
        if not vals_list:
            return callbacks.browse()
        try:
            with self.env.cr.savepoint():
                return callbacks.create(vals_list)
        except Exception:  # narrowed down record by record below
            _logger.info("Callback batch of %s failed; creating one by one", len(vals_list))
        created = callbacks.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created |= callbacks.create([vals])
            except psycopg2.IntegrityError:
                _logger.info("Callback %s already created by a concurrent run", vals)
            except Exception:
                _logger.exception("Callback %s not created", vals)
        return created

    @api.model
    def _send_by_template(self, callbacks, kind):
        """Customers who prefer e-mail or SMS get the kind's template instead of a call;
        the message, to the customer only, is recorded on the callback, which is done."""
        sent = callbacks.browse()
        for callback in callbacks.filtered(lambda c: c.state == "pending"):
            template = kind.get_template(self.env, callback.channel)
            if not template:
                continue
            if callback.channel == "email":
                # queued: Odoo's mail queue sends it, a batch job does not wait on SMTP
                message = callback.with_context(
                    mail_notify_force_send=False
                ).message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", partner_ids=callback.partner_id.ids
                )
            else:
                message = callback._message_sms_with_template(
                    template=template, partner_ids=callback.partner_id.ids, put_in_queue=True
                )
            callback.write(
                {
                    "sent_message_id": message.id,
                    "state": "done",
                    "date_done": callback.company_id._aftersales_today(),
                    "attempt_count": 1,
                }
            )
            sent |= callback
        return sent
