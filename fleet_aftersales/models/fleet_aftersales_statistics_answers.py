# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rated answers of a period in one grouped pass, shared by the statistics' sections
(answers, weekly satisfaction) and the dashboard: a month of a large dealer holds
6,000,000 answers, each pass over them is a second, and five were made (#20)."""

from odoo import api, models
from odoo.tools import SQL

from .fleet_aftersales_statistics import _rate

ANSWER = "fleet.aftersales.callback.answer"
#: GROUPING(question, department, advisor) of the grouping sets by question and by department
BY_QUESTION, BY_DEPARTMENT = 0b011, 0b101
#: the columns of the query, in order
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
    def _get_answer_groups(self, company, date_from, date_to):
        """The rated answers of the period (:meth:`_get_answer_domain`) in one pass
        (GROUPING SETS), searched as the user (record rules apply): ``question_id``:
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
        """The one query of :meth:`_get_answer_groups`."""
        Answer = self.env[ANSWER]
        query = Answer._search(self._get_answer_domain(company, date_from, date_to))
        col = {name: Answer._field_to_sql(Answer._table, name, query) for name in COLUMNS}
        kinds = tuple(self._get_kind_codes("rates_service")) or (None,)
        service = SQL(
            "%s IN %s", Answer._field_to_sql(Answer._table, "callback_type", query), kinds
        )
        good = SQL("COALESCE(%s, FALSE)", Answer._field_to_sql(Answer._table, "is_good", query))
        query.groupby = SQL(
            "GROUPING SETS ((%s), (%s, %s, %s, %s), (%s, %s, %s, %s))",
            *(col["question_id"], service, col["department_id"], col["date_done"], good),
            *(service, col["advisor_id"], col["date_done"], good),
        )
        grouping = SQL(
            "GROUPING(%s, %s, %s)", col["question_id"], col["department_id"], col["advisor_id"]
        )
        rating_sum = SQL("SUM(%s)", Answer._field_to_sql(Answer._table, "rating_value", query))
        rows = self.env.execute_query(
            query.select(grouping, service, good, *col.values(), SQL("COUNT(*)"), rating_sum)
        )
        groups = {"question_id": {}, "department_id": [], "advisor_id": []}
        for sets, is_service, is_good, question, dept, advisor, day, count, total in rows:
            if sets == BY_QUESTION:
                groups["question_id"][question] = (count, total or 0)
            elif is_service and sets == BY_DEPARTMENT:
                groups["department_id"].append((dept, day, is_good, count, total or 0))
            elif is_service:
                groups["advisor_id"].append((advisor, day, is_good, count, total or 0))
        return groups

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
