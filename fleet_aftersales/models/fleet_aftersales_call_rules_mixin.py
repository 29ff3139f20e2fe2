# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

import pytz

from odoo import api, fields, models

from ..tools import call_schedule
from .fleet_aftersales_call_script import fill_script

#: what a call's other purposes follow of the call that carries them
CARRIED_FIELDS = ("state", "date_due", "next_call_datetime", "attempt_count", "date_done")


class FleetAftersalesCallRulesMixin(models.AbstractModel):
    """The call rules of the seeds, for the callbacks: when a call is placed (the
    company's working time, the customer's window: ``res.company._aftersales_next_call_time``),
    not too often (one outbound phone call per customer in the company's days between
    calls: the purposes due meanwhile are carried by that call), and the call script.

    A purpose carried by another call (``merged_into_id``) keeps its own kind,
    questionnaire and state, so the statistics count it; it has no activity of its own,
    follows the carrier's attempts, due date and end, and is done with it."""

    _name = "fleet.aftersales.call.rules.mixin"
    _description = "After-Sales Call Rules"

    merged_into_id = fields.Many2one(
        "fleet.aftersales.callback",
        string="Carried By",
        index=True,
        copy=False,
        readonly=True,
        help="The call to this customer that carries this purpose too (at most one call per "
        "customer in the shop's days between calls).",
    )
    merged_ids = fields.One2many(
        "fleet.aftersales.callback", "merged_into_id", string="Other Purposes of This Call"
    )
    call_script = fields.Text(compute="_compute_call_script")

    @api.depends_context("lang")
    @api.depends("callback_type", "partner_id", "vehicle_id", "user_id", "merged_ids")
    def _compute_call_script(self):
        kinds = self._get_kinds()
        calls = self.filtered("callback_type")
        scripts = self.env["fleet.aftersales.call.script"]._get_scripts(
            calls.company_id, {t for c in calls for t in (c | c.merged_ids).mapped("callback_type")}
        )
        for callback in self:
            purposes = (callback | callback.merged_ids).filtered("callback_type")
            if not purposes:
                callback.call_script = False
                continue
            parts = [callback._script_part(scripts, kinds, purposes[0], "greeting")]
            parts += [callback._script_part(scripts, kinds, p, "purpose") for p in purposes]
            parts.append(callback._script_part(scripts, kinds, purposes[0], "closing"))
            callback.call_script = fill_script(
                "\n".join(parts),
                {
                    "dealer": callback.company_id.name,
                    "customer": callback.partner_id.name,
                    "vehicle": callback.vehicle_id.display_name,
                    "agent": callback.user_id.name,
                },
            )

    def _script_part(self, scripts, kinds, purpose, part):
        """The shop's wording of ``part`` of ``purpose``'s kind, else the kind's default."""
        script = scripts.get((self.company_id.id, purpose.callback_type))
        kind = kinds[purpose.callback_type]
        return (script and script[part]) or str(getattr(kind, f"script_{part}"))

    # ---- CRUD -------------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        carried = {key: vals[key] for key in CARRIED_FIELDS if key in vals}
        if carried and self.merged_ids:
            followers = (
                self.merged_ids.filtered(lambda c: c.state in ("pending", "unreachable")) - self
            )
            if followers:
                followers.write(carried)
        return res

    # ---- Not too often ------------------------------------------------------------------
    def _aftersales_with_purposes(self):
        """These calls and the pending purposes they carry."""
        return self | self.merged_ids.filtered(lambda c: c.state == "pending")

    @api.model
    def _aftersales_plan_calls(self, vals_list, company, memo=None):
        """Apply the days between calls to the values of new outbound phone callbacks.

        A customer with a pending call: the new purpose joins it (``merged_into_id``).
        Else, called within the days between calls: the new call is due that many days
        after the last one. Several new ones for one customer: the first is the call, the
        others join it once it exists. Returns ``(now, joining)``: the values to create
        first, and those to create after with :meth:`_aftersales_join_new`. Two queries
        (``memo``: a run's dict, see ``res.company._aftersales_next_call_day``)."""
        days = company.aftersales_call_interval_days
        phone = [v for v in vals_list if v.get("channel", "phone") == "phone"]
        if not days or not phone:
            return vals_list, []
        earliest = min(v["date_due"] for v in phone) - timedelta(days=days)
        open_calls, last_done = self._aftersales_call_history(
            {v["partner_id"] for v in phone}, company, earliest
        )
        next_days, now, joining, seen = {}, [], [], set()
        for vals in vals_list:
            partner_id = vals["partner_id"]
            if vals.get("channel", "phone") != "phone":
                now.append(vals)
            elif partner_id in open_calls:
                now.append(dict(vals, merged_into_id=open_calls[partner_id]))
            elif partner_id in seen:
                joining.append(vals)
            else:
                seen.add(partner_id)
                last = last_done.get(partner_id)
                if last and last + timedelta(days=days) > vals["date_due"]:
                    day = last + timedelta(days=days)
                    if day not in next_days:
                        next_days[day] = company._aftersales_next_call_day(day, memo)
                    vals = dict(vals, date_due=next_days[day])
                now.append(vals)
        return now, joining

    @api.model
    def _aftersales_call_history(self, partner_ids, company, since):
        """``(open calls, last calls)`` of these customers' outbound phone calls in
        ``company``: ``{partner id: id of the earliest pending call}`` (a call, not a
        carried purpose) and ``{partner id: the last day one was done after since}``."""
        domain = [
            ("company_id", "=", company.id),
            ("partner_id", "in", list(partner_ids)),
            ("channel", "=", "phone"),
            ("direction", "=", "outbound"),
        ]
        open_calls = {}
        for call in self.search(
            [*domain, ("state", "=", "pending"), ("merged_into_id", "=", False)],
            order="date_due, id",
        ):
            open_calls.setdefault(call.partner_id.id, call.id)
        last_done = {
            partner.id: day
            for partner, day in self._read_group(
                [*domain, ("state", "=", "done"), ("date_done", ">", since)],
                ["partner_id"],
                ["date_done:max"],
            )
        }
        return open_calls, last_done

    @api.model
    def _aftersales_join_new(self, vals_list, created):
        """``vals_list`` joined to the calls just ``created`` for their customers."""
        carriers = {}
        for call in created.filtered(lambda c: not c.merged_into_id and c.channel == "phone"):
            carriers.setdefault(call.partner_id.id, call.id)
        return [dict(v, merged_into_id=carriers.get(v["partner_id"], False)) for v in vals_list]

    def _aftersales_purposes_label(self, reader, labels=None):
        """The kinds of this call and the purposes it carries, for ``reader`` (``labels``:
        see ``_kind_labels``)."""
        labels = self._kind_labels(reader, labels)
        kinds = (self | self.merged_ids.filtered(lambda c: c.state == "pending")).mapped(
            "callback_type"
        )
        return " + ".join(dict.fromkeys(labels[kind] for kind in kinds))

    # ---- When to call ---------------------------------------------------------------------
    def _tz(self):
        # the customer's time zone, else the dealer's (never the agent's or the cron user's)
        return (
            pytz.timezone(self.partner_id.tz)
            if self.partner_id.tz
            else self.company_id._get_aftersales_tz()
        )

    def _to_local(self, utc_datetime):
        return pytz.utc.localize(utc_datetime).astimezone(self._tz()).replace(tzinfo=None)

    def _to_utc(self, local_datetime):
        return self._tz().localize(local_datetime).astimezone(pytz.utc).replace(tzinfo=None)

    def _local_date(self, utc_datetime):
        return self._to_local(utc_datetime).date()

    def _next_call_slot(self, now, window=None, retry_delay=call_schedule.RETRY_DELAY):
        """The next attempt after a call at ``now`` (UTC) went unanswered, as a UTC
        datetime: in the company's working time and the customer's call window (``window``
        instead, if given), in the customer's time. ``None``: none within the horizon."""
        self.ensure_one()
        partner = self.partner_id
        window = window or (partner.call_window_start, partner.call_window_end)
        local = self.company_id._aftersales_next_call_time(
            self._to_local(now), window, retry_delay, tz=self._tz()
        )
        return local and self._to_utc(local)
