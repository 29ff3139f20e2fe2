# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rated answers of a period in one grouped pass, shared by the statistics' sections
(answers, weekly satisfaction) and the dashboard: a month of a large dealer holds
6,000,000 answers, each pass over them is a second, and five were made (#20)."""

from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .fleet_aftersales_answer_summary import DIRTY
from .fleet_aftersales_statistics import _rate

ANSWER = "fleet.aftersales.callback.answer"
SUMMARY = "fleet.aftersales.answer.summary"
COMPANY_RULE = "fleet_aftersales.fleet_aftersales_callback_answer_rule_company"
#: a group rule's domain that restricts nothing
TRUE_DOMAINS = ([(1, "=", 1)], [expression.TRUE_LEAF], [])
#: PostgreSQL settings of the statistics' transaction while they run (:meth:`_aggregating`):
#: memory enough that the grouped queries over millions of rows hash in memory rather than
#: in batches on disk (4MB by default), and no JIT compilation (0.3 s a query, for
#: queries that read rows, not compute much)
AGGREGATE_SETTINGS = {"work_mem": "256MB", "jit": "off"}
#: the columns of the query after the kind and good flags, in order
COLUMNS = ("question_id", "department_id", "advisor_id", "date_done")


class FleetAftersalesStatistics(models.AbstractModel):
    # one file a concern (the service's own file is near its size cap), as the bookings'
    _inherit = "fleet.aftersales.statistics"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _memoized(self, key, compute):
        """``compute()``, kept under ``key`` in the context's
        ``aftersales_statistics_memo`` (a dict for one call of the service or of the
        dashboard, none elsewhere: then computed each time)."""
        memo = self.env.context.get("aftersales_statistics_memo")
        if memo is None:
            return compute()
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    @api.model
    @contextmanager
    def _aggregating(self):
        """Runs the block with :data:`AGGREGATE_SETTINGS`, set local to the transaction
        (``set_config(..., true)``) and put back as they were after it: two queries. The
        statistics only read: the settings weigh on nothing else of the transaction."""
        cr = self.env.cr
        names = list(AGGREGATE_SETTINGS)
        cr.execute(
            SQL(
                "SELECT %s",
                SQL(", ").join(
                    SQL("current_setting(%s), set_config(%s, %s, true)", n, n, v)
                    for n, v in AGGREGATE_SETTINGS.items()
                ),
            )
        )
        previous = cr.fetchone()[::2]
        # not in a ``finally``: after an error the transaction may be aborted, and its
        # rollback puts the settings back anyway
        yield
        cr.execute(
            SQL(
                "SELECT %s",
                SQL(", ").join(
                    SQL("set_config(%s, %s, true)", n, v)
                    for n, v in zip(names, previous, strict=True)
                ),
            )
        )

    @api.model
    def _get_answer_groups(self, company, date_from, date_to):
        """The rated answers of the period (:meth:`_get_answer_domain`) in one pass
        (one grouped query), searched as the user (record rules apply): ``question_id``:
        ``{question id: (count, rating sum)}`` of all of them; ``department_id`` and
        ``advisor_id``: rows ``(id, day, good, count, rating sum)`` of those rating our
        service (:meth:`_get_service_answer_domain`). Shared within a call
        (:meth:`_memoized`)."""
        return self._memoized(
            ("answers", tuple(company.ids), date_from, date_to),
            lambda: self._read_answer_groups(company, date_from, date_to),
        )

    @api.model
    def _read_answer_groups(self, company, date_from, date_to):
        """The one query of :meth:`_get_answer_groups`: the finest groups (kind rates our
        service, good, question, department, advisor, day), a few hundred rows, rolled up
        here. PostgreSQL runs a plain GROUP BY in parallel workers, not GROUPING SETS:
        twice as fast over a month of 6,000,000 answers (#20)."""
        Answer = self.env[ANSWER]
        kinds = tuple(self._get_kind_codes("rates_service")) or (None,)
        summary_rows, raw_domain = self._read_answer_summary(company, date_from, date_to, kinds)
        query = Answer._search(self._get_answer_domain(company, date_from, date_to) + raw_domain)
        groups = [
            SQL("%s IN %s", Answer._field_to_sql(Answer._table, "callback_type", query), kinds),
            SQL("COALESCE(%s, FALSE)", Answer._field_to_sql(Answer._table, "is_good", query)),
            *(Answer._field_to_sql(Answer._table, name, query) for name in COLUMNS),
        ]
        query.groupby = SQL(", ").join(groups)
        rating_sum = SQL("SUM(%s)", Answer._field_to_sql(Answer._table, "rating_value", query))
        rows = summary_rows + self.env.execute_query(
            query.select(*groups, SQL("COUNT(*)"), rating_sum)
        )
        by_question, by_key = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
        for is_service, good, question, dept, advisor, day, count, total in rows:
            keys = [("department_id", dept, day, good), ("advisor_id", advisor, day, good)]
            for figures in [by_question[question]] + (
                [by_key[key] for key in keys] if is_service else []
            ):
                figures[0] += count
                figures[1] += total or 0
        answer_groups = {
            "question_id": {key: tuple(v) for key, v in by_question.items()},
            "department_id": [],
            "advisor_id": [],
        }
        for (groupby, key_id, day, good), (count, total) in by_key.items():
            answer_groups[groupby].append((key_id, day, good, count, total))
        return answer_groups

    @api.model
    def _get_satisfaction_rows(self, groups, answer_domain, groupby):
        """:meth:`_get_satisfaction_by` from rows ``(id, day, good, count, rating sum)``
        (``groups[groupby]``, :meth:`_get_answer_groups`) of the answers of
        ``answer_domain``."""
        unnamed = {
            "department_id": self.env._("No department"),
            "advisor_id": self.env._("No service advisor"),
        }
        comodel = self.env[ANSWER]._fields[groupby].comodel_name
        rows = {}
        for key_id, _day, good, count, rating_sum in groups[groupby]:
            key = self.env[comodel].browse(key_id)
            row = rows.setdefault(
                key,
                {
                    "name": key.display_name or unnamed.get(groupby, "-"),
                    "domain": answer_domain + [(groupby, "=", key.id)],
                    "count": 0,
                    "good": 0,
                    "sum": 0,
                },
            )
            row["count"] += count
            row["sum"] += rating_sum
            if good:
                row["good"] += count
        for row in rows.values():
            row["rate"] = _rate(row["good"], row["count"])
            row["score"] = round(row["sum"] / row["count"] * 20, 1) if row["count"] else 0.0
        return sorted(rows.values(), key=lambda r: (-r["rate"], r["name"]))

    @api.model
    def _read_answer_summary(self, company, date_from, date_to, kinds):
        """``(rows, domain)``: the rows of :meth:`_read_answer_groups`'s query for the
        period's clean summarised days (``fleet.aftersales.answer.summary``), and the
        domain of the answers still to read (the other days); ``([], [])`` when the
        summary may not serve the user (:meth:`_may_read_answer_summary`)."""
        Summary = self.env[SUMMARY]
        through = Summary._get_through()
        if not through or date_from >= through or not self._may_read_answer_summary():
            return [], []
        # the companies the raw query would read: the company rule's (none for the superuser)
        allowed = set(company.ids) & set(company.ids if self.env.su else self.env.companies.ids)
        companies = tuple(allowed) or (0,)
        last = min(date_to, through - timedelta(days=1))
        # SQL: the module's own tables, the user checked above (the answers' company
        # rule only, which the companies apply)
        dirty = self.env.execute_query(
            SQL(
                "SELECT DISTINCT company_id, day FROM %s WHERE company_id IN %s "
                "AND day BETWEEN %s AND %s",
                SQL.identifier(DIRTY),
                companies,
                date_from,
                last,
            )
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT callback_type IN %(kinds)s, is_good, question_id, department_id,
                          advisor_id, day, SUM(count), SUM(rating_sum)
                     FROM %(summary)s
                    WHERE company_id IN %(companies)s AND day BETWEEN %(start)s AND %(last)s
                      AND (company_id, day) NOT IN %(dirty)s
                    GROUP BY 1, 2, 3, 4, 5, 6""",
                kinds=kinds,
                summary=SQL.identifier(Summary._table),
                companies=companies,
                start=date_from,
                last=last,
                dirty=tuple(dirty) or ((0, None),),
            )
        )
        rest = expression.OR(
            [[("date_done", ">=", through)]]
            + [
                [("company_id", "=", company_id), ("date_done", "=", day)]
                for company_id, day in dirty
            ]
        )
        return [tuple(row) for row in rows], rest

    @api.model
    def _may_read_answer_summary(self):
        """Whether the user's record rules on the answers restrict them to the company
        rule only (as a manager's): the summary holds whole companies, never less."""
        if self.env.su:
            return True
        Rule = self.env["ir.rule"]
        company_rule = self.env.ref(COMPANY_RULE)
        context = Rule._eval_context()
        group_domains = []
        # sudo: the rules themselves, read to know whether the user may read the summary
        for rule in Rule._get_rules(ANSWER).sudo():
            domain = expression.normalize_domain(safe_eval(rule.domain_force or "[]", context))
            if rule["global"]:
                if rule != company_rule:
                    return False
            else:
                group_domains.append(domain)
        return not group_domains or any(d in TRUE_DOMAINS for d in group_domains)
