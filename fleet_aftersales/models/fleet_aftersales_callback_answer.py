# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..tools import roles
from ..tools.batch_texts import run_memo

RATINGS = [
    ("5", "Very Good"),
    ("4", "Good"),
    ("3", "Fair"),
    ("2", "Poor"),
    ("1", "Very Poor"),
]
#: Poor and Very Poor: a reason is required
BAD_RATINGS = ("1", "2")
#: Good and Very Good: the satisfaction rate counts these
GOOD_RATINGS = ("4", "5")


def rating_figures(rating):
    """An answer's figures from its rating (``False`` when unrated)."""
    return {
        "rating_value": float(rating) if rating else 0.0,
        "is_bad": rating in BAD_RATINGS,
        "is_good": rating in GOOD_RATINGS,
    }


def answer_figures(ratings):
    """A callback's figures from its answers' ratings (``False`` for the unrated ones)."""
    rated = [rating for rating in ratings if rating]
    return {
        "has_bad_answer": any(rating in BAD_RATINGS for rating in rated),
        "average_rating": sum(int(rating) for rating in rated) / len(rated) if rated else 0.0,
        "has_rating": bool(rated),
        # the satisfaction rate's definition: every rated answer is good
        "is_satisfied": bool(rated) and all(rating in GOOD_RATINGS for rating in rated),
    }


def figures_match(figures, record):
    """Whether ``record`` stores the ``figures`` (a dict of field values)."""
    return all(
        abs(value - record[fname]) < 1e-6 if isinstance(value, float) else value == record[fname]
        for fname, value in figures.items()
    )


def answer_figures_match(ratings, callback):
    return figures_match(answer_figures(ratings), callback)


class FleetAftersalesCallbackAnswer(models.Model):
    """The customer's rating of one question, with the reason of a bad rating."""

    _name = "fleet.aftersales.callback.answer"
    _description = "Callback Answer"
    _order = "callback_id, sequence, id"

    def init(self):
        """The bad answers of a shop by day and kind of call: the statistics' reasons of
        dissatisfaction read them without a pass over the month's answers (6,000,000 at
        a large dealer); partial, so the blank answers created with the daily calls add
        no entry to it (#20)."""
        create_index(
            self.env.cr,
            "fleet_aftersales_callback_answer_bad_period_index",
            self._table,
            ["company_id", "date_done", "callback_type"],
            where="is_bad",
        )
        # the rated answers of a shop's days: the statistics read those the daily summary
        # does not hold yet (today, yesterday, the days changed since) through it
        create_index(
            self.env.cr,
            "fleet_aftersales_callback_answer_rated_period_index",
            self._table,
            ["company_id", "date_done"],
            where="rating_value > 0",
        )

    callback_id = fields.Many2one(
        "fleet.aftersales.callback", required=True, ondelete="cascade", index=True
    )
    question_id = fields.Many2one("fleet.aftersales.question", required=True, ondelete="restrict")
    sequence = fields.Integer(related="question_id.sequence", store=True)
    department_id = fields.Many2one(
        "fleet.aftersales.department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        index=True,
    )
    rating = fields.Selection(RATINGS)
    # a float: its averages (pivot, graph) read 3.6 and 4.4, not 4 and 4
    rating_value = fields.Float(
        compute="_compute_rating_value",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        string="Score (1-5)",
    )
    is_bad = fields.Boolean(compute="_compute_rating_value", store=True, index=True)
    is_good = fields.Boolean(
        compute="_compute_rating_value", store=True, help="Rated Good or Very Good."
    )
    reason = fields.Text(
        string="Reason Details",
        help="Why the customer is not satisfied: required for Poor and Very Poor.",
    )
    reason_tag_ids = fields.Many2many(
        "fleet.aftersales.reason.tag",
        "fleet_aftersales_answer_reason_tag_rel",
        "answer_id",
        "tag_id",
        string="Dissatisfaction Reasons",
    )
    # copied from the callback for the statistics (grouping answers by them)
    callback_type = fields.Selection(related="callback_id.callback_type", store=True)
    date_done = fields.Date(related="callback_id.date_done", store=True)
    advisor_id = fields.Many2one(related="callback_id.advisor_id", store=True)
    company_id = fields.Many2one(related="callback_id.company_id", store=True)

    @api.depends("question_id")
    def _compute_department_id(self):
        for answer in self:
            answer.department_id = answer.question_id.department_id

    @api.depends("rating")
    def _compute_rating_value(self):
        for answer in self:
            answer.update(rating_figures(answer.rating))

    @api.constrains("rating", "reason", "reason_tag_ids")
    def _check_reason(self):
        for answer in self:
            if answer.rating in BAD_RATINGS and not (answer.reason or answer.reason_tag_ids):
                raise ValidationError(
                    self.env._(
                        'The customer rated "%(question)s" %(rating)s: ask why and record the reason.',
                        question=answer.question_id.name,
                        rating=dict(answer._fields["rating"]._description_selection(self.env))[
                            answer.rating
                        ],
                    )
                )

    @api.constrains("rating_value", "is_bad", "is_good")
    def _check_rating_figures(self):
        # stored computed fields are writable through write() and create()
        for answer in self:
            if not figures_match(rating_figures(answer.rating), answer):
                raise ValidationError(
                    self.env._(
                        'The score of "%(question)s" is computed from its rating and cannot '
                        "be written.",
                        question=answer.question_id.name,
                    )
                )

    # ---- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        answers._check_callback_not_done()._log_correction(
            lambda reader, answer: reader._("added: %(answer)s", answer=answer._get_summary(reader))
        )
        return answers

    def write(self, vals):
        if "callback_id" in vals and any(a.callback_id.id != vals["callback_id"] for a in self):
            raise UserError(
                self.env._("An answer belongs to its callback: it cannot be moved to another.")
            )
        done = self._check_callback_not_done()
        before = {answer: answer._get_summary(answer._reader()) for answer in done}
        res = super().write(vals)
        done._log_correction(
            lambda reader, answer: f"{before[answer]} → {answer._get_summary(reader)}"
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._check_callback_not_done()._log_correction(
            lambda reader, answer: reader._(
                "removed: %(answer)s", answer=answer._get_summary(reader)
            )
        )

    # ---- Done callbacks ---------------------------------------------------------------
    def _check_callback_not_done(self):
        """The answers of a done callback are what the customer said: only a manager
        corrects them (:meth:`_log_correction` posts the change in the callback's chatter).

        :returns: the answers of done callbacks among ``self``.
        """
        done = self.filtered(lambda a: a.callback_id.state == "done")
        if done and not roles.is_aftersales_manager(self.env):
            # who may not write these answers at all is told so first
            done.check_access("write")
            raise UserError(
                self.env._(
                    "Callback %(name)s is done: its answers are what the customer said and "
                    "cannot be changed. Ask an after-sales manager to correct a mistake.",
                    name=done[0].callback_id.display_name,
                )
            )
        return done

    def _log_correction(self, describe):
        """Post ``question: describe(reader, answer)`` in each callback's chatter, in the
        company's language (several people read it)."""
        for callback, answers in self.grouped("callback_id").items():
            reader = answers[0]._reader()
            lines = [
                f"{answer.question_id.with_env(reader).name}: {describe(reader, answer)}"
                for answer in answers
            ]
            callback.message_post(
                body=reader._(
                    "Answers corrected after the call by %(user)s: %(changes)s",
                    user=self.env.user.name,
                    changes="; ".join(lines),
                )
            )

    def _reader(self):
        return self.callback_id.company_id._aftersales_reader_env()

    def _get_summary(self, reader):
        """The rating and reason of this answer, as the chatter shows them."""
        labels = dict(self._fields["rating"]._description_selection(reader))
        reasons = ", ".join(self.reason_tag_ids.with_env(reader).mapped("name"))
        parts = [labels.get(self.rating, "-"), reasons, self.reason or ""]
        return " ".join(part for part in parts if part)

    @api.model
    def _create_questionnaires(self, callbacks):
        """The questions of each callback's type for those made by phone or in person,
        read once for all of them; blank lines of pending callbacks in one insert (see
        :meth:`_insert_blank`), the others through ``create``. The daily action's
        batches read the questions once a run (context ``fleet_aftersales_run``: its
        ``tools.batch_texts.BatchTexts``)."""
        memo = run_memo(self.env)
        if "questions" not in memo:
            memo["questions"] = self._questions_by_kind()
        by_type = memo["questions"]
        blank, vals_list = [], []
        for callback in callbacks.filtered(lambda c: c.channel in ("phone", "visit")):
            for question_id, club_only in by_type.get(callback.callback_type, []):
                if club_only and not callback.partner_id.is_club_member:
                    continue
                vals = {"callback_id": callback.id, "question_id": question_id}
                (blank if callback.state == "pending" else vals_list).append(vals)
        return self._insert_blank(blank) | self.create(vals_list)

    @api.model
    def _questions_by_kind(self):
        """``{kind code: [(question id, club members only)]}``, in the questions' order."""
        by_type = defaultdict(list)
        for question in self.env["fleet.aftersales.question"].search(
            [("activity_type_ids", "!=", False)]
        ):
            for activity_type in question.activity_type_ids:
                by_type[activity_type.aftersales_callback_type].append(
                    (question.id, question.is_club_only)
                )
        return by_type

    @api.model
    def _insert_blank(self, vals_list):
        """Blank answers (``callback_id`` and ``question_id`` only) of pending callbacks,
        in one INSERT, as ``create`` would make them: the daily action makes thousands,
        which the ORM's create took half of its time to make one by one.

        Everything ``create`` does for such a line is known here: its related and
        computed columns are copied from its callback and question, the figures of an
        unrated answer (:func:`rating_figures`), no check fails (a pending callback, no
        rating) and nothing is posted (only the answers of done callbacks are logged);
        its callback's figures stay those of a callback without a rating.
        ``test_blank_answers_as_create`` keeps the columns in step with ``create``.
        """
        if not vals_list:
            return self.browse()
        self.env["fleet.aftersales.callback"].flush_model()
        self.env["fleet.aftersales.question"].flush_model(["sequence", "department_id"])
        figures = rating_figures(False)
        # raw SQL: a bulk insert the ORM cannot make without computing each line alone
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (callback_id, question_id, sequence, department_id,
                    rating_value, is_bad, is_good, callback_type, date_done, advisor_id,
                    company_id, create_uid, create_date, write_uid, write_date)
                SELECT c.id, q.id, q.sequence, q.department_id, %(value)s, %(bad)s, %(good)s,
                    c.callback_type, c.date_done, c.advisor_id, c.company_id,
                    %(uid)s, %(now)s, %(uid)s, %(now)s
                FROM unnest(%(callback_ids)s::int[], %(question_ids)s::int[])
                    WITH ORDINALITY AS line(callback_id, question_id, position)
                JOIN fleet_aftersales_callback c ON c.id = line.callback_id
                JOIN fleet_aftersales_question q ON q.id = line.question_id
                ORDER BY line.position
                RETURNING id
                """,
                table=SQL.identifier(self._table),
                value=figures["rating_value"],
                bad=figures["is_bad"],
                good=figures["is_good"],
                uid=self.env.uid,
                now=self.env.cr.now(),
                callback_ids=[vals["callback_id"] for vals in vals_list],
                question_ids=[vals["question_id"] for vals in vals_list],
            )
        )
        answers = self.browse(sorted(row[0] for row in self.env.cr.fetchall()))
        self.env["fleet.aftersales.callback"].browse(
            {vals["callback_id"] for vals in vals_list}
        ).invalidate_recordset(["answer_ids"])
        return answers
