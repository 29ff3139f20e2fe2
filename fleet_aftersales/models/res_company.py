# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import actions, call_schedule, validation

#: how far ahead a call time is looked for (a holiday week, its make-up working days)
CALL_HORIZON_DAYS = 31

#: the least value of each setting that counts days or attempts
SETTING_MINIMUMS = {
    "aftersales_satisfaction_delay": 0,
    "aftersales_second_followup_delay": 0,
    "aftersales_new_car_delay": 0,
    "aftersales_callback_max_attempts": 1,
    "aftersales_callback_expiry_days": 0,
    "aftersales_complaint_escalation_days": 0,
    "aftersales_maintenance_lead_days": 0,
    "aftersales_insurance_lead_days": 0,
    "aftersales_appointment_slot_minutes": 5,
    "aftersales_service_bays": 1,
    "aftersales_call_interval_days": 0,
}
#: the targets of the statistics, in percent
TARGET_RATES = (
    "aftersales_target_callback_rate",
    "aftersales_target_satisfaction_rate",
    "aftersales_target_insurance_renewal_rate",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_satisfaction_delay = fields.Integer(
        string="Satisfaction Call Delay", default=3, help="Days after the delivery of a visit."
    )
    aftersales_second_followup_delay = fields.Integer(
        string="Second Follow-up Delay",
        default=7,
        help="Days after the satisfaction call was done.",
    )
    aftersales_new_car_delay = fields.Integer(
        string="New-Car Call Delay", default=7, help="Days after the handover of a new car."
    )
    aftersales_callback_max_attempts = fields.Integer(
        string="Maximum Call Attempts",
        default=3,
        help="Unanswered calls before a callback is unreachable.",
    )
    aftersales_callback_expiry_days = fields.Integer(
        string="Callback Expiry (days)",
        default=15,
        help="A callback still unanswered this many days after its due date is unreachable; "
        "older items get no callback at all.",
    )
    aftersales_agent_ids = fields.Many2many(
        "res.users",
        "res_company_aftersales_agent_rel",
        "company_id",
        "user_id",
        string="Callback Agents",
        help="Who makes the callbacks (客服专员). Empty: every callback agent.",
    )
    aftersales_agent_assignment = fields.Selection(
        [("least_loaded", "Least Loaded"), ("round_robin", "Round Robin")],
        string="Agent Assignment",
        default="least_loaded",
        required=True,
    )
    aftersales_complaint_escalation_days = fields.Integer(
        string="Complaint Escalation (days)",
        default=2,
        help="A complaint not resolved this many days after registration is reported to a manager.",
    )
    aftersales_manager_id = fields.Many2one(
        "res.users",
        string="After-Sales Manager",
        help="Receives escalated complaints when their department has no manager.",
    )
    aftersales_general_manager_id = fields.Many2one(
        "res.users",
        string="General Manager",
        help="Signs the welcome letter given with each new car (总经理).",
    )
    aftersales_maintenance_lead_days = fields.Integer(
        string="Maintenance Reminder Lead (days)",
        default=7,
        help="Remind this many days before the service is due.",
    )
    aftersales_insurance_lead_days = fields.Integer(
        string="Insurance Reminder Lead (days)",
        default=30,
        help="Remind this many days before the insurance expires.",
    )
    aftersales_lost_months = fields.Integer(
        string="Lost Customer After (months)",
        default=6,
        help="A customer with no delivered visit for this many months is lost (流失客户).",
    )
    aftersales_lost_max_months = fields.Integer(
        string="Win-back Calls Until (months)",
        default=12,
        help="Lost customers get a win-back call while their last visit (or the handover of "
        "their car) is at most this many months old (the seeds: 6 to 12 months).",
    )
    aftersales_target_callback_rate = fields.Float(
        string="Target Callback Rate (%)",
        default=100.0,
        help="For cars in warranty (保修期内回访率).",
    )
    aftersales_target_satisfaction_rate = fields.Float(
        string="Target Satisfaction Rate (%)", default=98.0
    )
    aftersales_target_insurance_renewal_rate = fields.Float(
        string="Target Insurance Renewal Rate (%)",
        default=20.0,
        help="Renewed policies over the insurance renewal reminders of the month "
        "(续保完成率不能低于20%).",
    )
    aftersales_call_interval_days = fields.Integer(
        string="Days Between Calls",
        default=7,
        help="At most one outbound phone call per customer in this many days (回访时间不宜过于"
        "频繁): the purposes due meanwhile are carried by the customer's open call. 0: no limit.",
    )

    aftersales_appointment_slot_minutes = fields.Integer(
        string="Booking Slot (minutes)",
        default=60,
        help="The length of a booking; bookings are proposed every slot from the start "
        "of the working hours of the shop's working calendar.",
    )
    aftersales_service_bays = fields.Integer(
        string="Service Bays",
        default=4,
        help="How many bookings the shop takes at the same time (工位).",
    )

    @api.constrains(*SETTING_MINIMUMS)
    def _check_aftersales_minimums(self):
        validation.check_minimum(self, SETTING_MINIMUMS)

    @api.constrains(*TARGET_RATES)
    def _check_aftersales_target_rates(self):
        validation.check_percentage(self, TARGET_RATES)

    @api.constrains("aftersales_lost_months", "aftersales_lost_max_months")
    def _check_aftersales_lost_months(self):
        for company in self:
            if not 0 < company.aftersales_lost_months <= company.aftersales_lost_max_months:
                raise ValidationError(
                    self.env._(
                        "%(company)s: customers are lost after at least one month, and get "
                        "win-back calls until at least that many months.",
                        company=company.name,
                    )
                )

    # ---- The after-sales manager's settings ---------------------------------------------
    def write(self, vals):
        if self._is_aftersales_settings_write(vals):
            # res.company is written by administrators (base.group_erp_manager) only; the
            # after-sales manager owns the shop's after-sales settings, and just those: the
            # fields and companies were checked, the write itself needs the right
            return super(ResCompany, self.sudo()).write(vals)
        return super().write(vals)

    def _is_aftersales_settings_write(self, vals):
        """Whether an after-sales manager without the right to write companies writes
        ``vals``; refused unless it is only ``aftersales_*`` fields of their shops."""
        user = self.env.user
        if (
            self.env.su
            or self.env["res.company"].has_access("write")
            or not user.has_group("fleet_aftersales.fleet_aftersales_group_manager")
        ):
            return False
        others = sorted(key for key in vals if not key.startswith("aftersales_"))
        if others or self - user.company_ids:
            raise AccessError(
                self.env._(
                    "An after-sales manager changes the after-sales settings of their own "
                    "shops only (not %(what)s).",
                    what=", ".join(others) or ", ".join((self - user.company_ids).mapped("name")),
                )
            )
        return True

    @api.model
    def action_open_aftersales_settings(self):
        """The current shop's after-sales settings, for its after-sales manager."""
        view = self.env.ref("fleet_aftersales.res_company_view_form_aftersales_settings")
        return dict(
            actions.form_action(self.env.company),
            name=self.env._("After-Sales Settings"),
            views=[(view.id, "form")],
            target="current",
        )

    # ---- The company's clock ------------------------------------------------------------
    def _get_aftersales_tz(self):
        """The company's time zone: its partner's, else its working calendar's, else UTC.

        Every date rule of the module (what "today" is for the scheduled actions, the
        reports and the dashboard, the day a car was delivered) reads the company's clock,
        whoever runs it: OdooBot, a user in another time zone, a report."""
        self.ensure_one()
        return pytz.timezone(self.partner_id.tz or self.resource_calendar_id.tz or "UTC")

    def _aftersales_localize(self, utc_datetime):
        """A naive UTC datetime as the company's naive local time."""
        tz = self._get_aftersales_tz()
        return pytz.utc.localize(utc_datetime).astimezone(tz).replace(tzinfo=None)

    def _aftersales_to_utc(self, local_datetime):
        """A naive local time of the company as a naive UTC datetime."""
        tz = self._get_aftersales_tz()
        return tz.localize(local_datetime).astimezone(pytz.utc).replace(tzinfo=None)

    def _aftersales_now(self):
        """Now in the company's time zone, naive (what a printed form says it was
        printed at)."""
        return self._aftersales_localize(fields.Datetime.now())

    def _aftersales_today(self):
        """Today in the company's time zone."""
        return self._aftersales_localize(fields.Datetime.now()).date()

    def _aftersales_slot_duration(self):
        """The length of a booking slot of the company."""
        self.ensure_one()
        return timedelta(minutes=self.aftersales_appointment_slot_minutes or 60)

    # ---- The company's language ---------------------------------------------------------
    def _aftersales_reader_env(self, user=None):
        """The environment of whoever reads a text the module writes for someone else.

        Scheduled actions run as OdooBot and buttons as whoever clicks them, yet what they
        write is read by others: ``user``'s language when one person reads it (the assignee
        of an activity), else the company partner's (callback notes, chatter lines: several
        people read them), else English. Translate with ``reader._("...")`` and format
        dates with ``format_date(reader, day)``."""
        lang = (user and user.lang) or self[:1].partner_id.lang or "en_US"
        if lang != "en_US" and not self.env["res.lang"]._get_data(code=lang):
            lang = "en_US"  # a language deactivated since
        if lang == (self.env.lang or "en_US"):
            return self.env
        return self.env(context=dict(self.env.context, lang=lang))

    # ---- The company's call times -------------------------------------------------------
    def _aftersales_work_intervals(self, local_start, tz=None):
        """The company's working time from ``local_start`` on, for the call horizon, as
        naive ``(start, end)`` pairs in ``tz`` (default the company's): its working
        calendar's attendances (lunch break left out, make-up working days in) less its
        leaves (national holidays). No working calendar: every day, all day."""
        self.ensure_one()
        tz = tz or self._get_aftersales_tz()
        start = tz.localize(local_start)
        end = start + timedelta(days=CALL_HORIZON_DAYS)
        calendar = self.resource_calendar_id
        if not calendar:
            days = (local_start.date() + timedelta(days=n) for n in range(CALL_HORIZON_DAYS))
            return [(datetime.combine(d, time.min), datetime.combine(d, time.max)) for d in days]
        # the attendances' hours are those of the calendar's own time zone
        intervals = calendar._work_intervals_batch(start, end)[False]
        return [
            (s.astimezone(tz).replace(tzinfo=None), e.astimezone(tz).replace(tzinfo=None))
            for s, e, _records in intervals
        ]

    def _aftersales_next_call_time(self, local_dt, window=None, retry_delay=None, tz=None):
        """When a call is placed: the one place every path that schedules a call asks.

        The first moment at or after ``local_dt`` (naive, in ``tz``, default the
        company's) inside the company's working time (see :meth:`_aftersales_work_intervals`)
        and the call ``window`` (the customer's ``(start, end)`` hours in ``tz``; ``None``:
        the default call hours; ``call_schedule.WHOLE_DAY``: the working time alone, for a
        time the customer named). With ``retry_delay``: after a call at ``local_dt`` went
        unanswered. ``None`` when there is none within the horizon."""
        self.ensure_one()
        start, end = window or (None, None)
        intervals = call_schedule.window_intervals(
            self._aftersales_work_intervals(local_dt, tz), start, end
        )
        return call_schedule.next_call_time(local_dt, intervals, retry_delay)

    def _aftersales_next_call_day(self, day, memo=None):
        """The first call day of the company on or after ``day`` (its working calendar:
        national holidays skipped, make-up working days included).

        ``memo``: a run's dict (the daily action's): the working time is read once, from
        the first day asked on; a later day is answered from it (the same days, cut at
        midnight), and read again only past its horizon."""
        self.ensure_one()
        start = datetime.combine(day, time.min)
        key = ("call days", self.id)
        if memo is None:
            moment = self._aftersales_next_call_time(start, call_schedule.WHOLE_DAY)
            return moment.date() if moment else day
        if key not in memo or memo[key][0] > start:
            intervals = self._aftersales_work_intervals(start)
            memo[key] = start, call_schedule.window_intervals(intervals, *call_schedule.WHOLE_DAY)
        moment = call_schedule.next_call_time(start, memo[key][1])
        return moment.date() if moment else self._aftersales_next_call_day(day)
