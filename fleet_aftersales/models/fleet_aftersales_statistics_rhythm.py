# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The reporting rhythm of the seeds: what the daily, weekly, monthly complaint, quarterly
and yearly reports read, and the scheduled action that mails them.

- daily (售后维修客户日报表, seed 002, before 9:00 to the after-sales managers): the
  service calls first due the day before (the calls of the deliveries some days before),
  classified: satisfied, dissatisfied (one line a poor answer: its department and
  reason), unreachable, to call again (still pending); and the day's deliveries;
- weekly (seeds 003, 004, every Monday, to each department's head): the week's answers
  rated for the department, per question, and its poor answers; the week's satisfaction
  rate;
- monthly complaint resolution list (客户投诉问题解决情况表, seed 004): every complaint
  registered or closed in the month, mailed with the monthly statistics;
- quarterly and yearly summaries (seeds 004, 000): the rates month by month against the
  targets, the top reasons, complaints closed and lost customers won back.

A period is mailed from 08:00 on the company's first day after it (the daily report
before the managers' 9:00), once (``fleet.aftersales.statistics.mail``).
"""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models

from .fleet_aftersales_statistics import TOP, _rate

#: the local hour from which the rhythm's reports of a finished period are mailed
MAIL_HOUR = 8


def week_bounds(day):
    """Monday to Sunday of the week of ``day``."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def quarter_bounds(day):
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start, start + relativedelta(months=3, days=-1)


def year_bounds(day):
    return date(day.year, 1, 1), date(day.year, 12, 31)


#: per kind: the bounds of the period of a day, the length of a period (to step back to
#: the last one) and the days after its end before it is mailed (the quarter and the year
#: on the 3rd, as the month: 每月3号上报)
PERIODS = {
    "daily": (lambda day: (day, day), relativedelta(days=1), 0),
    "weekly": (week_bounds, relativedelta(weeks=1), 0),
    "quarterly": (quarter_bounds, relativedelta(months=3), 2),
    "yearly": (year_bounds, relativedelta(years=1), 2),
}


class FleetAftersalesStatistics(models.AbstractModel):
    # one file a topic: the statistics service is near the 600-line cap
    _inherit = "fleet.aftersales.statistics"  # pylint: disable=consider-merging-classes-inherited

    # ---- daily: 售后维修客户日报表 ----

    @api.model
    def _get_daily_report(self, company, day):
        """The service calls first due on ``day`` (kinds that rate the service), in four
        classes, and the visits delivered that day."""
        codes = self._get_kind_codes("rates_service")
        calls = self.env["fleet.aftersales.callback"].search(
            [
                ("company_id", "=", company.id),
                ("callback_type", "in", codes),
                ("date_first_due", "=", day),
                ("state", "!=", "cancelled"),
            ],
            order="id",
        )
        done = calls.filtered(lambda c: c.state == "done")
        bad_answers = done.answer_ids.filtered("is_bad")
        deliveries = self.env["fleet.aftersales.visit"].search_count(
            [
                ("company_id", "=", company.id),
                ("state", "=", "delivered"),
                ("delivery_date", "=", day),
            ]
        )
        return {
            "deliveries": deliveries,
            "calls": len(calls),
            "satisfied": done.filtered("is_satisfied"),
            "dissatisfied": bad_answers.sorted(lambda a: (a.department_id.sequence, a.id)),
            "unreachable": calls.filtered(lambda c: c.state == "unreachable"),
            "call_again": calls.filtered(lambda c: c.state == "pending"),
            "done_count": len(done),
            "satisfaction_rate": _rate(
                len(done.filtered("is_satisfied")), len(done.filtered("has_rating"))
            ),
        }

    # ---- weekly: per department ----

    @api.model
    def _get_department_report(self, company, date_from, date_to, departments):
        """Per department of ``departments``: its rated answers of the calls done in the
        period, per question (answers, poor ones, score), and its poor answers."""
        Answer = self.env["fleet.aftersales.callback.answer"]
        domain = self._get_answer_domain(company, date_from, date_to) + [
            ("department_id", "in", departments.ids)
        ]
        groupby = ["department_id", "question_id"]
        rows = Answer._read_group(domain, groupby, ["__count", "rating_value:avg"])
        bad_domain = domain + [("is_bad", "=", True)]
        bad_counts = {
            (dept, question): count
            for dept, question, count in Answer._read_group(bad_domain, groupby, ["__count"])
        }
        bad = Answer.search(bad_domain, order="date_done, id")
        result = []
        for department in departments:
            questions = [
                {
                    "name": question.name,
                    "count": count,
                    "bad": bad_counts.get((dept, question), 0),
                    "score": round(avg * 20, 1),
                }
                for dept, question, count, avg in rows
                if dept == department
            ]
            result.append(
                {
                    "department": department,
                    "questions": sorted(questions, key=lambda q: q["name"]),
                    "answers": sum(q["count"] for q in questions),
                    "bad_answers": bad.filtered(lambda a, d=department: a.department_id == d),
                }
            )
        return result

    @api.model
    def _get_report_departments(self, company, department_ids=None):
        """The departments of a company's weekly report: those named, else all of it."""
        Department = self.env["fleet.aftersales.department"]
        if department_ids:
            return Department.browse(department_ids)
        return Department.search([("company_id", "in", (False, company.id))])

    # ---- monthly: 客户投诉问题解决情况表 ----

    @api.model
    def _get_local_day_bounds(self, company, date_from, date_to):
        """The UTC moments the company's days ``date_from`` and ``date_to + 1`` start at."""
        return tuple(
            company._aftersales_to_utc(datetime.combine(day, time.min))
            for day in (date_from, date_to + timedelta(days=1))
        )

    @api.model
    def _get_complaint_list(self, company, date_from, date_to):
        """Every complaint of the company registered or closed in the period (its days),
        with the customer's reaction on the confirmation call, the days to close and
        whether it was late: closed after its committed date, or still open past it."""
        start, end = self._get_local_day_bounds(company, date_from, date_to)
        complaints = self.env["fleet.aftersales.complaint"].search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
                "|",
                "&",
                ("date_registered", ">=", start),
                ("date_registered", "<", end),
                "&",
                ("date_closed", ">=", start),
                ("date_closed", "<", end),
            ],
            order="date_registered, id",
        )
        today = company._aftersales_today()
        rows = []
        for complaint in complaints:
            closed = complaint.date_closed and company._aftersales_localize(complaint.date_closed)
            deadline = complaint.date_deadline
            rows.append(
                {
                    "complaint": complaint,
                    "reaction": self._get_complaint_reaction(complaint),
                    "close_days": round(complaint.close_days, 1) if closed else None,
                    "is_late": bool(deadline and (closed.date() if closed else today) > deadline),
                }
            )
        return rows

    @api.model
    def _get_complaint_reaction(self, complaint):
        """What the customer said on the last confirmation call done: satisfied or not,
        and the call's note."""
        calls = complaint.confirmation_callback_ids.filtered(lambda c: c.state == "done")
        if not calls:
            return ""
        call = calls.sorted(lambda c: (c.date_done, c.id))[-1]
        labels = dict(complaint._fields["customer_satisfaction"]._description_selection(self.env))
        verdict = self.env._("Satisfied") if call.is_satisfied else labels["not_satisfied"]
        return " - ".join(filter(None, [verdict, (call.note or "").strip()]))

    # ---- quarterly and yearly summaries ----

    @api.model
    def _get_summary(self, company, date_from, date_to):
        """The summary of a quarter or a year: per month the callback and satisfaction
        rates, the period's against the targets, the top reasons, complaints closed and
        lost customers won back."""
        months = []
        month = date_from
        while month <= date_to:
            bounds = self._month_bounds(month)
            values = self._section_callbacks(company, *bounds)
            values.update(self._section_satisfaction(company, *bounds))
            months.append({"month": month, **values})
            month += relativedelta(months=1)
        whole = self._section_callbacks(company, date_from, date_to)
        whole.update(self._section_satisfaction(company, date_from, date_to))
        whole.update(self._section_feedback(company, date_from, date_to))
        start, end = self._get_local_day_bounds(company, date_from, date_to)
        whole["complaints_closed"] = self.env["fleet.aftersales.complaint"].search_count(
            [
                ("company_id", "=", company.id),
                ("state", "=", "closed"),
                ("date_closed", ">=", start),
                ("date_closed", "<", end),
            ]
        )
        whole["won_back"] = self.env["fleet.aftersales.lost.period"].search_count(
            self._get_period_domain(company, "return_date", date_from, date_to)
        )
        whole.update(months=months, date_from=date_from, date_to=date_to)
        whole["top_reasons"] = whole["top_reasons"][:TOP]
        return whole

    # ---- the mails ----

    @api.model
    def _cron_mail_rhythm_reports(self):
        """Mail the daily, weekly, quarterly and yearly reports (PDF) of the periods just
        ended, each company on its own clock.

        Runs hourly. A company's last period of a kind is mailed from 08:00 local on the
        first day it is due (the daily report of yesterday from 08:00 today, before the
        managers' 9:00; the week on Monday; the quarter and the year on the 3rd), to the
        after-sales managers, the weekly one to each department's head. Idempotent by
        the log of sent mails (unique per company, kind and period): a period is mailed
        once whatever the number of runs, and a missed run catches up later in the
        period. Returns the companies mailed per kind.
        """
        Log = self.env["fleet.aftersales.statistics.mail"]
        managers = self._get_mail_recipients()
        sent = {}
        for kind in PERIODS:
            users = self._get_department_heads() if kind == "weekly" else managers
            sent[kind] = self.env["res.company"]
            for (date_from, date_to), companies in self._get_due_periods(kind).items():
                sent[kind] |= Log._send_statistics(kind, date_from, date_to, users, companies)
        return sent

    @api.model
    def _get_due_periods(self, kind):
        """The companies per last period of ``kind`` due to be mailed now (their clock)."""
        bounds, length, delay = PERIODS[kind]
        periods = {}
        for company in self.env["res.company"].search([]):
            now = company._aftersales_now()
            period = bounds(now.date() - length)
            if now.hour < MAIL_HOUR or now.date() <= period[1] + timedelta(days=delay):
                continue
            periods.setdefault(period, self.env["res.company"])
            periods[period] |= company
        return periods

    @api.model
    def _get_department_heads(self):
        """The heads of the departments who can receive their weekly report: internal,
        active, with an e-mail."""
        heads = self.env["fleet.aftersales.department"].search([]).manager_id
        return heads.filtered(lambda u: u.active and not u.share and u.email)

    @api.model
    def _get_mail_audiences(self, kind, company, partners):
        """Who reads what of a mail of ``kind``: ``(partners, report data)`` pairs. The
        weekly report goes to each department's head with that department's rows only
        (a head of two departments gets both in one mail)."""
        if kind != "weekly":
            return [(partners, {})]
        departments = self._get_report_departments(company).filtered(
            lambda d: d.manager_id.partner_id in partners
        )
        return [
            (head.partner_id, {"department_ids": depts.ids})
            for head, depts in departments.grouped("manager_id").items()
        ]
