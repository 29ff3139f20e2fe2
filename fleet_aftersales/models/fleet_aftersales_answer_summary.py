# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rated answers summed per day: the statistics and the dashboard read a month of
them as a few thousand rows instead of 6,000,000 answers (#20), and stay exact.

- The summary holds the days before ``through`` (a parameter, exclusive; at most the UTC
  day before yesterday, so that no transaction still open from the day before saves an
  answer into a day already summarised): one row per company, day (the callbacks'
  ``date_done``, the statistics' day), kind, good flag, question, department and advisor.
- Any change of an answer of a day before yesterday (UTC) marks its day dirty, old and new
  values alike, by statement-level triggers of the answers' table (:meth:`init`): one
  statement for a whole batch, whoever writes (the ORM, a recompute of the callbacks'
  related fields, the SQL of ``_insert_blank``). A saved call of today marks nothing.
- The statistics read the summary for its clean days and the answers themselves for the
  rest (today, yesterday, the dirty days): the same figures as the raw query at every
  moment. A mark inserted while the daily action runs is not in its snapshot: the
  action's delete leaves it, and its day stays read from the answers.
- :meth:`_cron_summarise` (daily; the module's install and upgrade too) summarises the
  new days and the dirty ones again, one INSERT ... SELECT ... GROUP BY: idempotent.
"""

from odoo import api, fields, models
from odoo.tools import SQL

THROUGH = "fleet_aftersales.answer_summary_through"
DIRTY = "fleet_aftersales_answer_summary_dirty"
#: the triggers' function (dropped on uninstall, with the dirty table: hooks.py)
MARK_FUNCTION = "fleet_aftersales_answer_mark_dirty"
#: the days the triggers mark: before yesterday (UTC), as :meth:`_get_bound`
MARKED = "date_done < (now() AT TIME ZONE 'UTC')::date - 1"


class FleetAftersalesAnswerSummary(models.Model):
    _name = "fleet.aftersales.answer.summary"
    _description = "Callback Answers per Day"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    day = fields.Date(required=True, index=True)
    callback_type = fields.Char()
    is_good = fields.Boolean()
    question_id = fields.Many2one("fleet.aftersales.question", ondelete="cascade")
    department_id = fields.Many2one("fleet.aftersales.department", ondelete="cascade")
    advisor_id = fields.Many2one("res.users", ondelete="cascade")
    count = fields.Integer()
    rating_sum = fields.Float()

    def init(self):
        """The dirty days' table and the answers' triggers marking them (SQL: no ORM
        model holds a mark, and a trigger sees every write, SQL ones included)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %(dirty)s (company_id integer, day date);
                   CREATE INDEX IF NOT EXISTS %(index)s ON %(dirty)s (company_id, day);
                   CREATE OR REPLACE FUNCTION %(function)s()
                   RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                       IF TG_OP IN ('UPDATE', 'DELETE') THEN
                           INSERT INTO %(dirty)s (company_id, day)
                           SELECT DISTINCT company_id, date_done FROM old_rows
                            WHERE %(marked)s;
                       END IF;
                       IF TG_OP IN ('UPDATE', 'INSERT') THEN
                           INSERT INTO %(dirty)s (company_id, day)
                           SELECT DISTINCT company_id, date_done FROM new_rows
                            WHERE %(marked)s;
                       END IF;
                       RETURN NULL;
                   END $$;""",
                dirty=SQL.identifier(DIRTY),
                function=SQL.identifier(MARK_FUNCTION),
                index=SQL.identifier(f"{DIRTY}_index"),
                marked=SQL(MARKED),
            )
        )
        table = self.env["fleet.aftersales.callback.answer"]._table
        for op, refs in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            name = SQL.identifier(f"fleet_aftersales_answer_dirty_{op.lower()}")
            cr.execute(
                SQL(
                    """DROP TRIGGER IF EXISTS %(name)s ON %(table)s;
                       CREATE TRIGGER %(name)s AFTER %(op)s ON %(table)s
                       REFERENCING %(refs)s FOR EACH STATEMENT
                       EXECUTE FUNCTION %(function)s()""",
                    name=name,
                    table=SQL.identifier(table),
                    op=SQL(op),
                    refs=SQL(refs),
                    function=SQL.identifier(MARK_FUNCTION),
                )
            )

    @api.model
    def _get_bound(self):
        """The first day the summary may not hold: yesterday (UTC), the database's clock
        as the triggers' (:data:`MARKED`)."""
        self.env.cr.execute("SELECT (now() AT TIME ZONE 'UTC')::date - 1")
        return self.env.cr.fetchone()[0]

    @api.model
    def _get_through(self):
        """The first day the summary does not hold (``None``: it holds none)."""
        # sudo: a system parameter of the module, read by every user of the statistics
        value = self.env["ir.config_parameter"].sudo().get_param(THROUGH)
        return fields.Date.to_date(value) if value else None

    @api.model
    def _cron_summarise(self):
        """Summarise the days up to :meth:`_get_bound` not summarised yet and the dirty
        ones again (SQL, as ``_insert_blank``: one grouped INSERT ... SELECT over
        millions of answers, no record in Python). Returns the days summarised."""
        cr = self.env.cr
        through, bound = self._get_through(), self._get_bound()
        start = through or fields.Date.to_date("1900-01-01")
        cr.execute(
            SQL(
                """WITH marks AS (DELETE FROM %(dirty)s WHERE day < %(bound)s
                                  RETURNING company_id, day),
                        days AS (SELECT DISTINCT company_id, day FROM marks),
                        gone AS (DELETE FROM %(summary)s s USING days d
                                  WHERE s.company_id = d.company_id AND s.day = d.day)
                   SELECT company_id, day FROM days""",
                dirty=SQL.identifier(DIRTY),
                summary=SQL.identifier(self._table),
                bound=max(bound, start),
            )
        )
        dirty = cr.fetchall()
        redo = SQL("FALSE")
        if dirty:
            redo = SQL("(a.company_id, a.date_done) IN %s", tuple(dirty))
        if start < bound or dirty:
            cr.execute(
                SQL(
                    """INSERT INTO %(summary)s (company_id, day, callback_type, is_good,
                              question_id, department_id, advisor_id, count, rating_sum)
                       SELECT a.company_id, a.date_done, a.callback_type,
                              COALESCE(a.is_good, FALSE), a.question_id, a.department_id,
                              a.advisor_id, COUNT(*), SUM(COALESCE(a.rating_value, 0))
                         FROM %(answer)s a
                        WHERE a.rating_value > 0 AND a.company_id IS NOT NULL
                          AND ((a.date_done >= %(start)s AND a.date_done < %(bound)s)
                               OR %(redo)s)
                        GROUP BY 1, 2, 3, 4, 5, 6, 7""",
                    summary=SQL.identifier(self._table),
                    answer=SQL.identifier(self.env["fleet.aftersales.callback.answer"]._table),
                    start=start,
                    bound=max(bound, start),
                    redo=redo,
                )
            )
        if through is None or through < bound:
            # sudo: the module's own system parameter, set by its scheduled action
            self.env["ir.config_parameter"].sudo().set_param(THROUGH, fields.Date.to_string(bound))
        self.env.invalidate_all()
        return len(dirty)
