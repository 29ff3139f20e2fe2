# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The after-sales figures, from stored fields and grouped queries only.

One service, cut into sections (``_get_sections``): each section is one method
``_section_<name>(company, date_from, date_to)`` returning the keys it adds to the figures.
The PDF report, the dashboard and the statistics mails all read ``_get_statistics``.

Definitions (also in the module's readme):
- callback rate = callbacks done / callbacks due in the period (cancelled ones excluded);
- satisfaction rate = done callbacks whose every answer is 4 or 5 / done callbacks with answers;
- score = average rating x 20;
- lost-customer rate = customers lost in the period / customers active at its start (a
  delivered visit in the lost-customer months before the start).
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .fleet_aftersales_complaint import OPEN_STATES

TOP = 5


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _by_count(rows):
    """Rows ``{"name", "count"}`` most frequent first, ties by name."""
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))


class FleetAftersalesStatistics(models.AbstractModel):
    _name = "fleet.aftersales.statistics"
    _description = "After-Sales Statistics"

    @api.model
    def _month_bounds(self, month):
        start = date(month.year, month.month, 1)
        return start, start + relativedelta(months=1) - timedelta(days=1)

    # ---- the service ----

    @api.model
    def _get_sections(self):
        """The sections of the figures, in order. A section ``x`` is the method
        ``_section_x(company, date_from, date_to)``; adding one is that method plus its
        name here (``super()._get_sections() + ("x",)`` from another module)."""
        return ("callbacks", "satisfaction", "answers", "feedback", "complaints", "lost_customers")

    @api.model
    def _get_statistics(self, company, date_from, date_to):
        """All the figures of a period for a company: a fixed number of grouped queries,
        whatever the number of callbacks."""
        service = self.with_company(company)
        stats = {"company": company, "date_from": date_from, "date_to": date_to}
        for section in self._get_sections():
            stats.update(getattr(service, f"_section_{section}")(company, date_from, date_to))
        return stats

    # ---- domains ----

    @api.model
    def _get_period_domain(self, company, date_field, date_from, date_to):
        """Records of the company whose ``date_field`` falls in the period."""
        return [
            ("company_id", "=", company.id),
            (date_field, ">=", date_from),
            (date_field, "<=", date_to),
        ]

    @api.model
    def _get_due_domain(self, company, date_from, date_to):
        """Callbacks due in the period, cancelled ones excluded."""
        return self._get_period_domain(company, "date_due", date_from, date_to) + [
            ("state", "!=", "cancelled")
        ]

    @api.model
    def _get_done_domain(self, company, date_from, date_to):
        """Callbacks done in the period."""
        return self._get_period_domain(company, "date_done", date_from, date_to) + [
            ("state", "=", "done")
        ]

    @api.model
    def _get_answer_domain(self, company, date_from, date_to):
        """Rated answers of the callbacks done in the period."""
        return self._get_period_domain(company, "date_done", date_from, date_to) + [
            ("rating_value", ">", 0)
        ]

    # ---- sections ----

    @api.model
    def _section_callbacks(self, company, date_from, date_to):
        """Callbacks due and done, per type and for the cars in warranty (whose target is
        every one of them called back)."""
        Callback = self.env["fleet.aftersales.callback"]
        due_domain = self._get_due_domain(company, date_from, date_to)
        by_type = self._get_callbacks_by_type(due_domain)
        due = sum(r["due"] for r in by_type)
        done = sum(r["done"] for r in by_type)
        warranty = dict(
            Callback._read_group(
                due_domain + [("vehicle_id.warranty_end_date", ">=", date_from)],
                ["state"],
                ["__count"],
            )
        )
        warranty_due = sum(warranty.values())
        return {
            "by_type": by_type,
            "due": due,
            "done": done,
            "callback_rate": _rate(done, due),
            "warranty_due": warranty_due,
            "warranty_callback_rate": _rate(warranty.get("done", 0), warranty_due),
            "target_callback_rate": company.aftersales_target_callback_rate,
        }

    @api.model
    def _get_callbacks_by_type(self, due_domain):
        """One row a callback type: due, done, rate; sorted by the type's label."""
        Callback = self.env["fleet.aftersales.callback"]
        labels = dict(Callback._fields["callback_type"]._description_selection(self.env))
        rows = {}
        for kind, state, count in Callback._read_group(
            due_domain, ["callback_type", "state"], ["__count"]
        ):
            row = rows.setdefault(kind, {"type": kind, "label": labels[kind], "due": 0, "done": 0})
            row["due"] += count
            if state == "done":
                row["done"] += count
        for row in rows.values():
            row["rate"] = _rate(row["done"], row["due"])
        return sorted(rows.values(), key=lambda r: r["label"])

    @api.model
    def _section_satisfaction(self, company, date_from, date_to):
        """Done callbacks with answers, and those whose every answer is good."""
        rated = dict(
            self.env["fleet.aftersales.callback"]._read_group(
                self._get_done_domain(company, date_from, date_to) + [("has_rating", "=", True)],
                ["is_satisfied"],
                ["__count"],
            )
        )
        rated_count = sum(rated.values())
        return {
            "rated": rated_count,
            "satisfied": rated.get(True, 0),
            "satisfaction_rate": _rate(rated.get(True, 0), rated_count),
            "target_satisfaction_rate": company.aftersales_target_satisfaction_rate,
        }

    @api.model
    def _section_answers(self, company, date_from, date_to):
        """The answers of the period: score per question, rate and score per department
        and per service advisor."""
        answer_domain = self._get_answer_domain(company, date_from, date_to)
        questions = [
            {
                "question": question.name,
                "count": count,
                "average": round(avg or 0.0, 2),
                "score": round((avg or 0) * 20, 1),
            }
            for question, count, avg in self.env["fleet.aftersales.callback.answer"]._read_group(
                answer_domain, ["question_id"], ["__count", "rating_value:avg"], order="question_id"
            )
        ]
        return {
            "questions": questions,
            "by_department": self._get_satisfaction_by(answer_domain, "department_id"),
            "by_advisor": self._get_satisfaction_by(answer_domain, "advisor_id"),
        }

    @api.model
    def _get_satisfaction_by(self, answer_domain, groupby):
        """Rate of good answers and score per value of ``groupby``, best first."""
        rows = {}
        for key, good, count, rating_sum in self.env[
            "fleet.aftersales.callback.answer"
        ]._read_group(answer_domain, [groupby, "is_good"], ["__count", "rating_value:sum"]):
            row = rows.setdefault(
                key, {"name": key.display_name or "-", "count": 0, "good": 0, "sum": 0}
            )
            row["count"] += count
            row["sum"] += rating_sum or 0
            if good:
                row["good"] += count
        for row in rows.values():
            row["rate"] = _rate(row["good"], row["count"])
            row["score"] = round(row["sum"] / row["count"] * 20, 1) if row["count"] else 0.0
        return sorted(rows.values(), key=lambda r: (-r["rate"], r["name"]))

    @api.model
    def _section_feedback(self, company, date_from, date_to):
        """The top dissatisfaction reasons (tags of poor answers) and suggestions."""
        reasons = [
            {"name": tag.name, "count": count}
            for tag, count in self.env["fleet.aftersales.callback.answer"]._read_group(
                self._get_answer_domain(company, date_from, date_to)
                + [("is_bad", "=", True), ("reason_tag_ids", "!=", False)],
                ["reason_tag_ids"],
                ["__count"],
            )
        ]
        suggestions = [
            {"name": text.strip(), "count": count}
            for text, count in self.env["fleet.aftersales.callback"]._read_group(
                self._get_done_domain(company, date_from, date_to) + [("suggestion", "!=", False)],
                ["suggestion"],
                ["__count"],
            )
            if text and text.strip()
        ]
        return {
            "top_reasons": _by_count(reasons)[:TOP],
            "top_suggestions": _by_count(suggestions)[:TOP],
        }

    @api.model
    def _section_complaints(self, company, date_from, date_to):
        """Complaints opened, resolved and escalated in the period; overdue now."""
        Complaint = self.env["fleet.aftersales.complaint"]
        company_domain = [("company_id", "=", company.id)]
        registered = [
            ("date_registered", ">=", date_from),
            ("date_registered", "<", date_to + timedelta(days=1)),
        ]
        resolved = [
            ("date_resolved", ">=", date_from),
            ("date_resolved", "<", date_to + timedelta(days=1)),
        ]
        return {
            "complaints": {
                "opened": Complaint.search_count(company_domain + registered),
                "resolved": Complaint.search_count(company_domain + resolved),
                "overdue": Complaint.search_count(company_domain + [("is_overdue", "=", True)]),
                "escalated": Complaint.search_count(
                    company_domain + registered + [("is_escalated", "=", True)]
                ),
            }
        }

    @api.model
    def _section_lost_customers(self, company, date_from, date_to):
        """Customers lost in the period, over the customers active at its start, and
        the reasons the lost-customer calls gave."""
        lost = self.env["res.partner"].search_count(
            [("lost_since_date", ">=", date_from), ("lost_since_date", "<=", date_to)]
        )
        [(active,)] = self.env["fleet.aftersales.visit"]._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "=", "delivered"),
                (
                    "delivery_date",
                    ">=",
                    date_from - relativedelta(months=company.aftersales_lost_months),
                ),
                ("delivery_date", "<", date_from),
            ],
            [],
            ["partner_id:count_distinct"],
        )
        lost_reasons = [
            {"name": reason.name, "count": count}
            for reason, count in self.env["fleet.aftersales.callback"]._read_group(
                self._get_done_domain(company, date_from, date_to)
                + [("callback_type", "=", "lost_customer"), ("lost_reason_id", "!=", False)],
                ["lost_reason_id"],
                ["__count"],
            )
        ]
        return {
            "lost": lost,
            "active_customers": active,
            "lost_rate": _rate(lost, active),
            "lost_reasons": _by_count(lost_reasons),
        }

    @api.model
    def _get_workload(self, company, day):
        """The work open on ``day`` (the dashboard's counters): calls due that day,
        overdue calls, open and escalated complaints."""
        Callback = self.env["fleet.aftersales.callback"]
        Complaint = self.env["fleet.aftersales.complaint"]
        base = [("company_id", "=", company.id)]
        return {
            "calls_today": Callback.search_count(
                base + [("state", "=", "pending"), ("date_due", "=", day)]
            ),
            "calls_overdue": Callback.search_count(base + [("is_overdue", "=", True)]),
            "complaints_open": Complaint.search_count(
                base + [("state", "in", OPEN_STATES + ("resolved",))]
            ),
            "complaints_escalated": Complaint.search_count(
                base + [("is_escalated", "=", True), ("state", "in", OPEN_STATES)]
            ),
        }

    # ---- the statistics mails ----

    @api.model
    def _cron_mail_monthly_statistics(self):
        """Mail last month's statistics (PDF) to the after-sales managers, from the 3rd.

        The seeds report on the 3rd of each month (每月3号上报). Runs daily. Idempotent
        by the log of sent mails (``fleet.aftersales.statistics.mail``, unique per company,
        kind and period): a company already mailed for last month is skipped, so a month
        is mailed once whatever the number of runs, and a run missed on the 3rd catches up.
        A company with no recipient is not logged: it is mailed once it has one.
        Returns the companies mailed.
        """
        today = fields.Date.context_today(self)
        if today.day < 3:
            return self.env["res.company"]
        date_from, date_to = self._month_bounds(today - relativedelta(months=1))
        return self.env["fleet.aftersales.statistics.mail"]._send_statistics(
            "monthly", date_from, date_to, self._get_mail_recipients()
        )

    @api.model
    def _get_mail_recipients(self):
        """The after-sales managers who can receive the statistics: internal, active,
        with an e-mail; never the superuser."""
        root = self.env.ref("base.user_root")
        return self.env.ref("fleet_aftersales.fleet_aftersales_group_manager").users.filtered(
            lambda u: u.active and not u.share and u.email and u != root
        )
