# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The after-sales figures, from stored fields and grouped queries only.

Definitions (also in the module's readme):
- callback rate = callbacks done / callbacks due in the period (cancelled ones excluded);
- satisfaction rate = done callbacks whose every answer is 4 or 5 / done callbacks with answers;
- score = average rating x 20;
- lost-customer rate = customers lost in the period / customers active at its start (a
  delivered visit in the lost-customer months before the start).
"""

import base64
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

TOP = 5


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


class FleetAftersalesStatistics(models.AbstractModel):
    _name = "fleet.aftersales.statistics"
    _description = "After-Sales Statistics"

    @api.model
    def _month_bounds(self, month):
        start = date(month.year, month.month, 1)
        return start, start + relativedelta(months=1) - timedelta(days=1)

    @api.model
    def _get_statistics(self, company, date_from, date_to):
        """All the figures of a period for a company: a fixed number of grouped queries,
        whatever the number of callbacks."""
        Callback = self.env["fleet.aftersales.callback"].with_company(company)
        Answer = self.env["fleet.aftersales.callback.answer"].with_company(company)
        Complaint = self.env["fleet.aftersales.complaint"].with_company(company)
        labels = dict(Callback._fields["callback_type"]._description_selection(self.env))
        company_domain = [("company_id", "=", company.id)]
        due_domain = company_domain + [
            ("date_due", ">=", date_from),
            ("date_due", "<=", date_to),
            ("state", "!=", "cancelled"),
        ]
        done_domain = company_domain + [
            ("state", "=", "done"),
            ("date_done", ">=", date_from),
            ("date_done", "<=", date_to),
        ]

        # callbacks due and done by type
        by_type = {}
        for kind, state, count in Callback._read_group(
            due_domain, ["callback_type", "state"], ["__count"]
        ):
            row = by_type.setdefault(
                kind, {"type": kind, "label": labels[kind], "due": 0, "done": 0}
            )
            row["due"] += count
            if state == "done":
                row["done"] += count
        for row in by_type.values():
            row["rate"] = _rate(row["done"], row["due"])
        due = sum(r["due"] for r in by_type.values())
        done = sum(r["done"] for r in by_type.values())
        # cars in warranty: the target is every one of them called back
        warranty = dict(
            Callback._read_group(
                due_domain + [("vehicle_id.warranty_end_date", ">=", date_from)],
                ["state"],
                ["__count"],
            )
        )
        warranty_due = sum(warranty.values())

        # satisfaction: done callbacks with answers
        rated = dict(
            Callback._read_group(
                done_domain + [("has_rating", "=", True)], ["is_satisfied"], ["__count"]
            )
        )
        rated_count = sum(rated.values())

        # answers of the period: per question, department and advisor
        answer_domain = [
            ("company_id", "=", company.id),
            ("date_done", ">=", date_from),
            ("date_done", "<=", date_to),
            ("rating_value", ">", 0),
        ]
        questions = [
            {
                "question": question.name,
                "count": count,
                "average": round(avg or 0.0, 2),
                "score": round((avg or 0) * 20, 1),
            }
            for question, count, avg in Answer._read_group(
                answer_domain, ["question_id"], ["__count", "rating_value:avg"], order="question_id"
            )
        ]

        def satisfaction_by(groupby):
            rows = {}
            for key, good, count, avg_sum in Answer._read_group(
                answer_domain, [groupby, "is_good"], ["__count", "rating_value:sum"]
            ):
                row = rows.setdefault(
                    key, {"name": key.display_name or "-", "count": 0, "good": 0, "sum": 0}
                )
                row["count"] += count
                row["sum"] += avg_sum or 0
                if good:
                    row["good"] += count
            for row in rows.values():
                row["rate"] = _rate(row["good"], row["count"])
                row["score"] = round(row["sum"] / row["count"] * 20, 1) if row["count"] else 0.0
            return sorted(rows.values(), key=lambda r: (-r["rate"], r["name"]))

        # top-5 dissatisfaction reasons (tags of poor answers) and suggestions
        reasons = [
            {"name": tag.name, "count": count}
            for tag, count in Answer._read_group(
                answer_domain + [("is_bad", "=", True), ("reason_tag_ids", "!=", False)],
                ["reason_tag_ids"],
                ["__count"],
            )
        ]
        reasons.sort(key=lambda r: (-r["count"], r["name"]))
        suggestions = [
            {"name": text.strip(), "count": count}
            for text, count in Callback._read_group(
                done_domain + [("suggestion", "!=", False)], ["suggestion"], ["__count"]
            )
            if text and text.strip()
        ]
        suggestions.sort(key=lambda r: (-r["count"], r["name"]))

        # complaints
        def complaints(domain):
            return Complaint.search_count(company_domain + domain)

        complaint_figures = {
            "opened": complaints(
                [
                    ("date_registered", ">=", date_from),
                    ("date_registered", "<", date_to + timedelta(days=1)),
                ]
            ),
            "resolved": complaints(
                [
                    ("date_resolved", ">=", date_from),
                    ("date_resolved", "<", date_to + timedelta(days=1)),
                ]
            ),
            "overdue": complaints([("is_overdue", "=", True)]),
            "escalated": complaints(
                [
                    ("is_escalated", "=", True),
                    ("date_registered", ">=", date_from),
                    ("date_registered", "<", date_to + timedelta(days=1)),
                ]
            ),
        }

        # lost customers: lost in the period, over the customers active at its start
        months = company.aftersales_lost_months
        lost = self.env["res.partner"].search_count(
            [("lost_since_date", ">=", date_from), ("lost_since_date", "<=", date_to)]
        )
        [(active,)] = self.env["fleet.aftersales.visit"]._read_group(
            company_domain
            + [
                ("state", "=", "delivered"),
                ("delivery_date", ">=", date_from - relativedelta(months=months)),
                ("delivery_date", "<", date_from),
            ],
            [],
            ["partner_id:count_distinct"],
        )
        lost_reasons = [
            {"name": reason.name, "count": count}
            for reason, count in Callback._read_group(
                done_domain
                + [("callback_type", "=", "lost_customer"), ("lost_reason_id", "!=", False)],
                ["lost_reason_id"],
                ["__count"],
            )
        ]
        lost_reasons.sort(key=lambda r: (-r["count"], r["name"]))

        return {
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
            "by_type": sorted(by_type.values(), key=lambda r: r["label"]),
            "due": due,
            "done": done,
            "callback_rate": _rate(done, due),
            "warranty_due": warranty_due,
            "warranty_callback_rate": _rate(warranty.get("done", 0), warranty_due),
            "target_callback_rate": company.aftersales_target_callback_rate,
            "rated": rated_count,
            "satisfied": rated.get(True, 0),
            "satisfaction_rate": _rate(rated.get(True, 0), rated_count),
            "target_satisfaction_rate": company.aftersales_target_satisfaction_rate,
            "questions": questions,
            "by_department": satisfaction_by("department_id"),
            "by_advisor": satisfaction_by("advisor_id"),
            "top_reasons": reasons[:TOP],
            "top_suggestions": suggestions[:TOP],
            "complaints": complaint_figures,
            "lost": lost,
            "active_customers": active,
            "lost_rate": _rate(lost, active),
            "lost_reasons": lost_reasons,
        }

    @api.model
    def _cron_mail_monthly_statistics(self):
        """Mail last month's statistics (PDF) to the after-sales managers, from the 3rd.

        The seeds report on the 3rd of each month (每月3号上报). Runs daily; a company whose
        ``aftersales_stats_sent_month`` is already last month is skipped, so a month is
        mailed once whatever the number of runs, and a run missed on the 3rd catches up.
        """
        today = fields.Date.context_today(self)
        if today.day < 3:
            return self.env["res.company"]
        month = (today - relativedelta(months=1)).replace(day=1)
        companies = self.env["res.company"].search(
            [
                "|",
                ("aftersales_stats_sent_month", "=", False),
                ("aftersales_stats_sent_month", "<", month),
            ]
        )
        template = self.env.ref("fleet_aftersales.mail_template_monthly_statistics")
        managers = self.env.ref("fleet_aftersales.fleet_aftersales_group_manager").users.filtered(
            lambda u: u.active
            and not u.share
            and u.email
            and u.id != self.env.ref("base.user_root").id
        )
        for company in companies:
            # the marker first: the report reads the month from it
            company.aftersales_stats_sent_month = month
            recipients = managers.filtered(lambda u, c=company: c in u.company_ids).partner_id
            if not recipients:
                continue
            pdf, _format = self.env["ir.actions.report"]._render_qweb_pdf(
                "fleet_aftersales.action_report_monthly_statistics",
                company.ids,
                data={"month": str(month)},
            )
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{company.name} {month.strftime('%Y-%m')}.pdf",
                    "datas": base64.b64encode(pdf),
                    "res_model": "res.company",
                    "res_id": company.id,
                    "mimetype": "application/pdf",
                }
            )
            template.send_mail(
                company.id,
                email_values={
                    "recipient_ids": [(6, 0, recipients.ids)],
                    "attachment_ids": [(4, attachment.id)],
                },
            )
        return companies
