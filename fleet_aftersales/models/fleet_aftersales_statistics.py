# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The after-sales figures, from stored fields and grouped queries only.

One service, cut into sections (``_get_sections``): each section is one method
``_section_<name>(company, date_from, date_to)`` returning the keys it adds to the figures.
The PDF report, the dashboard and the statistics mails all read ``_get_statistics``.

Definitions (also in the module's readme):
- callback rate = callbacks done / callbacks due in the period (cancelled ones excluded);
- satisfaction rate = done callbacks whose every answer is 4 or 5 / done callbacks with
  answers, per kind; the headline one counts the satisfaction calls only (the kinds that
  declare ``in_satisfaction_rate``), not a campaign's interest or a lost customer's answers;
- score = average rating x 20;
- dissatisfaction reasons and suggestions are counted by their text normalised
  (:func:`normalize_text`), tags and reasons typed without a tag alike;
- lost-customer rate = customers lost in the period / customers active at its start (a
  delivered visit in the lost-customer months before the start), both read from the
  company's own delivered visits.
"""

import unicodedata
from collections import Counter
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from .fleet_aftersales_complaint import OPEN_STATES

TOP = 5


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _by_count(rows):
    """Rows ``{"name", "count"}`` most frequent first, ties by name."""
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))


def _is_trimmed(char):
    return char.isspace() or unicodedata.category(char).startswith("P")


def normalize_text(text):
    """The key free texts are counted by: full-width letters, digits and punctuation as
    half-width (NFKC), case folded, whitespace collapsed, and the punctuation and spaces
    around it dropped ("停车位太少！" and "停车位太少" are one suggestion)."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
    start, end = 0, len(text)
    while start < end and _is_trimmed(text[start]):
        start += 1
    while end > start and _is_trimmed(text[end - 1]):
        end -= 1
    return text[start:end]


def group_texts(counts, preferred=()):
    """Rows ``{"name", "count"}`` of ``counts`` (``(text, count)`` pairs) grouped by
    :func:`normalize_text`, each named by its most frequent wording (a wording in
    ``preferred`` first, e.g. a tag's name; ties by text). Empty texts are left out."""
    return [
        {"name": row["name"], "count": row["count"]}
        for row in group_texts_with_sources(counts, preferred)
    ]


def group_texts_with_sources(counts, preferred=()):
    """The rows of :func:`group_texts`, each with ``texts``: the texts grouped in it as
    they are stored (to find the records behind the row)."""
    groups = {}
    for text, count in counts:
        key = normalize_text(text)
        if key:
            wordings, texts = groups.setdefault(key, (Counter(), set()))
            wordings[" ".join(text.split())] += count
            texts.add(text)
    return [
        {
            "name": min(wordings.items(), key=lambda w: (w[0] not in preferred, -w[1], w[0]))[0],
            "count": sum(wordings.values()),
            "texts": sorted(texts),
        }
        for wordings, texts in groups.values()
    ]


def became_lost(days, months, date_from, date_to):
    """Whether a customer whose delivered visits were on ``days`` became lost in the
    period: a visit whose lost day (the visit plus ``months``) is in the period, and no
    visit after it until that day."""
    days = sorted(set(days))
    for day, next_day in zip(days, days[1:] + [None], strict=True):
        lost_on = day + relativedelta(months=months)
        if date_from <= lost_on <= date_to and (next_day is None or next_day > lost_on):
            return True
    return False


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
        # one memo for the call: the sections share the answers' grouped query
        service = self.with_company(company).with_context(aftersales_statistics_memo={})
        stats = {"company": company, "date_from": date_from, "date_to": date_to}
        with service._aggregating():
            for section in self._get_sections():
                stats.update(getattr(service, f"_section_{section}")(company, date_from, date_to))
        return stats

    # ---- domains ----

    @api.model
    def _get_period_domain(self, company, date_field, date_from, date_to):
        """Records of the company (or companies) whose ``date_field`` falls in the period."""
        return [
            ("company_id", "in", company.ids),
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

    @api.model
    def _get_warranty_domain(self, company, date_from, date_to):
        """Callbacks due in the period of the cars in warranty then."""
        return self._get_due_domain(company, date_from, date_to) + [
            ("vehicle_id.warranty_end_date", ">=", date_from)
        ]

    @api.model
    def _get_satisfaction_domain(self, company, date_from, date_to):
        """The callbacks of the headline satisfaction rate: done in the period, rated, of
        the kinds declared ``in_satisfaction_rate``."""
        return self._get_done_domain(company, date_from, date_to) + [
            ("has_rating", "=", True),
            ("callback_type", "in", self._get_kind_codes("in_satisfaction_rate")),
        ]

    @api.model
    def _get_kind_codes(self, attribute):
        """The codes of the kinds of callback whose declaration sets ``attribute``."""
        kinds = self.env["fleet.aftersales.callback"]._get_kinds()
        return [code for code, kind in kinds.items() if getattr(kind, attribute, False)]

    @api.model
    def _get_service_answer_domain(self, company, date_from, date_to):
        """Rated answers of the period that rate our service (``rates_service`` kinds):
        the satisfaction by department and advisor and the dissatisfaction reasons."""
        return self._get_answer_domain(company, date_from, date_to) + [
            ("callback_type", "in", self._get_kind_codes("rates_service"))
        ]

    # ---- sections ----

    @api.model
    def _section_callbacks(self, company, date_from, date_to):
        """Callbacks due and done, per type and for the cars in warranty (whose target is
        every one of them called back)."""
        Callback = self.env["fleet.aftersales.callback"]
        due_domain = self._get_due_domain(company, date_from, date_to)
        by_type = self._get_rows_by_type(due_domain, "state", "done", "due", "done")
        due = sum(r["due"] for r in by_type)
        done = sum(r["done"] for r in by_type)
        warranty = dict(
            Callback._read_group(
                self._get_warranty_domain(company, date_from, date_to), ["state"], ["__count"]
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
    def _get_rows_by_type(self, domain, field, value, whole, part):
        """One row a callback type of the callbacks of ``domain``: ``whole`` their count,
        ``part`` the count of those whose ``field`` is ``value``, and ``rate``; sorted by
        the type's label."""
        Callback = self.env["fleet.aftersales.callback"]
        labels = dict(Callback._fields["callback_type"]._description_selection(self.env))
        rows = {}
        for kind, key, count in Callback._read_group(domain, ["callback_type", field], ["__count"]):
            row = rows.setdefault(kind, {"type": kind, "label": labels[kind], whole: 0, part: 0})
            row[whole] += count
            if key == value:
                row[part] += count
        for row in rows.values():
            row["rate"] = _rate(row[part], row[whole])
        return sorted(rows.values(), key=lambda r: r["label"])

    @api.model
    def _section_satisfaction(self, company, date_from, date_to):
        """Done callbacks with answers, and those whose every answer is good, per kind;
        the headline rate from the kinds declared ``in_satisfaction_rate`` only (the
        satisfaction calls): a campaign's interest is no satisfaction."""
        by_type = self._get_rows_by_type(
            self._get_done_domain(company, date_from, date_to) + [("has_rating", "=", True)],
            "is_satisfied",
            True,
            "rated",
            "satisfied",
        )
        headline = self._get_kind_codes("in_satisfaction_rate")
        rated = sum(row["rated"] for row in by_type if row["type"] in headline)
        satisfied = sum(row["satisfied"] for row in by_type if row["type"] in headline)
        return {
            "satisfaction_by_type": by_type,
            "rated": rated,
            "satisfied": satisfied,
            "satisfaction_rate": _rate(satisfied, rated),
            "target_satisfaction_rate": company.aftersales_target_satisfaction_rate,
        }

    @api.model
    def _section_answers(self, company, date_from, date_to):
        """The answers of the period: score per question, rate and score per department
        and per service advisor (:meth:`_get_answer_groups`)."""
        groups = self._get_answer_groups(company, date_from, date_to)
        questions = self.env["fleet.aftersales.question"].browse(groups["question_id"]).sorted()
        service_domain = self._get_service_answer_domain(company, date_from, date_to)
        return {
            "questions": [
                {
                    "question": question.name,
                    "count": count,
                    "average": round(rating_sum / count, 2),
                    "score": round(rating_sum / count * 20, 1),
                }
                for question in questions
                for count, rating_sum in [groups["question_id"][question.id]]
            ],
            "by_department": self._get_satisfaction_rows(groups, service_domain, "department_id"),
            "by_advisor": self._get_satisfaction_rows(groups, service_domain, "advisor_id"),
        }

    @api.model
    def _get_satisfaction_by(self, answer_domain, groupby):
        """Rate of good answers and score per value of ``groupby``, best first; each row
        with the ``domain`` of its answers. The answers without a value are a row of their
        own, named as such (as Odoo's graph views show a "None" group): the rows add up to
        the answers of the period, and a click on that row opens them."""
        rows = [
            (key.id, None, good, count, rating_sum or 0)
            for key, good, count, rating_sum in self.env[
                "fleet.aftersales.callback.answer"
            ]._read_group(answer_domain, [groupby, "is_good"], ["__count", "rating_value:sum"])
        ]
        return self._get_satisfaction_rows({groupby: rows}, answer_domain, groupby)

    @api.model
    def _section_feedback(self, company, date_from, date_to):
        """The top dissatisfaction reasons of the poor answers rating our service (their
        tags, and the reasons typed without a tag) and the top suggestions, each counted
        by its normalised text; each reason with the ``domain`` of its answers."""
        Answer = self.env["fleet.aftersales.callback.answer"]
        bad = self._get_service_answer_domain(company, date_from, date_to) + [("is_bad", "=", True)]
        tagged_tags = Answer._read_group(
            bad + [("reason_tag_ids", "!=", False)], ["reason_tag_ids"], ["__count"]
        )
        tagged = [(tag.name, count) for tag, count in tagged_tags]
        typed = Answer._read_group(
            bad + [("reason_tag_ids", "=", False), ("reason", "!=", False)],
            ["reason"],
            ["__count"],
        )
        reasons = group_texts_with_sources(tagged + typed, preferred={n for n, _c in tagged})
        tag_ids = {tag.name: tag.id for tag, _count in tagged_tags}
        for row in reasons:
            row["domain"] = bad + [
                "|",
                ("reason_tag_ids", "in", [tag_ids[t] for t in row["texts"] if t in tag_ids]),
                "&",
                ("reason_tag_ids", "=", False),
                ("reason", "in", row["texts"]),
            ]
        suggestions = group_texts(
            self.env["fleet.aftersales.callback"]._read_group(
                self._get_done_domain(company, date_from, date_to) + [("suggestion", "!=", False)],
                ["suggestion"],
                ["__count"],
            )
        )
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
        lost = self._count_lost_customers(company, date_from, date_to)
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
    def _count_lost_customers(self, company, date_from, date_to):
        """How many customers the company lost in the period (:meth:`_get_lost_customers`)."""
        return len(self._get_lost_customer_ids(company, date_from, date_to))

    @api.model
    def _get_lost_customers(self, company, date_from, date_to):
        """The company's customers who became lost in the period (:func:`became_lost`),
        from the company's own delivered visits: a customer of two shops is lost to the
        one he left, whatever the other sees; and the figure does not depend on when the
        lost-customer marks were last updated."""
        return self.env["res.partner"].browse(
            self._get_lost_customer_ids(company, date_from, date_to)
        )

    @api.model
    def _get_lost_customer_ids(self, company, date_from, date_to):
        """The ids of :meth:`_get_lost_customers`: :func:`became_lost` in one SQL query
        over the visits (searched as the user: record rules apply), each customer's
        distinct days with the next one beside (``lead``). PostgreSQL adds months to a
        date as ``relativedelta`` does (the 31st clamped to the month's last day)."""
        return self._memoized(
            ("lost", company.id, date_from, date_to),
            lambda: self._read_lost_customer_ids(company, date_from, date_to),
        )

    @api.model
    def _read_lost_customer_ids(self, company, date_from, date_to):
        """The one query of :meth:`_get_lost_customer_ids`."""
        months = company.aftersales_lost_months
        Visit = self.env["fleet.aftersales.visit"]
        query = Visit._search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "delivered"),
                ("partner_id", "!=", False),
                # a month of margin: adding months to the end of a month clamps it
                ("delivery_date", ">=", date_from - relativedelta(months=months + 1)),
                ("delivery_date", "<=", date_to),
            ]
        )
        days = query.subselect(
            SQL(
                "DISTINCT %s, %s",
                Visit._field_to_sql(Visit._table, "partner_id", query),
                Visit._field_to_sql(Visit._table, "delivery_date", query),
            )
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT partner_id FROM (
                       SELECT partner_id, (day + make_interval(months => %s))::date AS lost_on,
                              lead(day) OVER (PARTITION BY partner_id ORDER BY day) AS next_day
                         FROM %s AS visit_day(partner_id, day)
                   ) AS visit_next
                    WHERE lost_on BETWEEN %s AND %s AND (next_day IS NULL OR next_day > lost_on)
                    ORDER BY partner_id""",
                months,
                days,
                date_from,
                date_to,
            )
        )
        return [partner_id for (partner_id,) in rows]

    @api.model
    def _get_workload(self, company, day):
        """The work open on ``day`` (the dashboard's counters): calls due that day,
        overdue calls, open and escalated complaints."""
        return {
            key: self.env[model].search_count(domain)
            for key, (model, domain) in self._get_workload_domains(company, day).items()
        }

    @api.model
    def _get_workload_domains(self, company, day):
        """The model and domain of each counter of :meth:`_get_workload`, for the company
        or companies."""
        callback, complaint = "fleet.aftersales.callback", "fleet.aftersales.complaint"
        base = [("company_id", "in", company.ids)]
        return {
            "calls_today": (callback, base + [("state", "=", "pending"), ("date_due", "=", day)]),
            "calls_overdue": (callback, base + [("is_overdue", "=", True)]),
            "complaints_open": (complaint, base + [("state", "in", OPEN_STATES + ("resolved",))]),
            "complaints_escalated": (
                complaint,
                base + [("is_escalated", "=", True), ("state", "in", OPEN_STATES)],
            ),
        }

    # ---- the statistics mails ----

    @api.model
    def _cron_mail_monthly_statistics(self):
        """Mail last month's statistics (PDF) to the after-sales managers, from the 3rd.

        The seeds report on the 3rd of each month (每月3号上报). Runs daily and walks the
        companies, each on its own day (its time zone): at 01:00 in Beijing on the 3rd the
        shops there are mailed, though it is still the 2nd for OdooBot. Idempotent by the
        log of sent mails (``fleet.aftersales.statistics.mail``, unique per company, kind
        and period): a company already mailed for last month is skipped, so a month is
        mailed once whatever the number of runs, and a run missed on the 3rd catches up.
        A company with no recipient is not logged: it is mailed once it has one.
        Returns the companies mailed.
        """
        periods = {}
        for company in self.env["res.company"].search([]):
            today = company._aftersales_today()
            if today.day >= 3:
                period = self._month_bounds(today - relativedelta(months=1))
                periods.setdefault(period, self.env["res.company"])
                periods[period] |= company
        recipients = self._get_mail_recipients()
        Log = self.env["fleet.aftersales.statistics.mail"]
        sent = self.env["res.company"]
        for (date_from, date_to), companies in periods.items():
            sent |= Log._send_statistics("monthly", date_from, date_to, recipients, companies)
        return sent

    @api.model
    def _get_mail_recipients(self):
        """The after-sales managers who can receive the statistics: internal, active,
        with an e-mail; never the superuser."""
        root = self.env.ref("base.user_root")
        return self.env.ref("fleet_aftersales.fleet_aftersales_group_manager").users.filtered(
            lambda u: u.active and not u.share and u.email and u != root
        )
