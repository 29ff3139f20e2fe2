# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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


class FleetAftersalesCallbackAnswer(models.Model):
    """The customer's rating of one question, with the reason of a bad rating."""

    _name = "fleet.aftersales.callback.answer"
    _description = "Callback Answer"
    _order = "callback_id, sequence, id"

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
    rating_value = fields.Integer(
        compute="_compute_rating_value", store=True, aggregator="avg", string="Score (1-5)"
    )
    is_bad = fields.Boolean(compute="_compute_rating_value", store=True, index=True)
    is_good = fields.Boolean(
        compute="_compute_rating_value", store=True, help="Rated Good or Very Good."
    )
    reason = fields.Text(help="Why the customer is not satisfied: required for Poor and Very Poor.")
    reason_tag_ids = fields.Many2many(
        "fleet.aftersales.reason.tag",
        "fleet_aftersales_answer_reason_tag_rel",
        "answer_id",
        "tag_id",
        string="Reasons",
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
            answer.rating_value = int(answer.rating) if answer.rating else 0
            answer.is_bad = answer.rating in BAD_RATINGS
            answer.is_good = answer.rating in GOOD_RATINGS

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

    @api.model
    def _create_questionnaires(self, callbacks):
        """The questions of each callback's type for those made by phone or in person,
        read once for all of them."""
        questions = self.env["fleet.aftersales.question"].search(
            [("activity_type_ids", "!=", False)]
        )
        by_type = defaultdict(list)
        for question in questions:
            for activity_type in question.activity_type_ids:
                by_type[activity_type.aftersales_callback_type].append(question)
        vals_list = []
        for callback in callbacks.filtered(lambda c: c.channel in ("phone", "visit")):
            for question in by_type.get(callback.callback_type, []):
                if question.is_club_only and not callback.partner_id.is_club_member:
                    continue
                vals_list.append({"callback_id": callback.id, "question_id": question.id})
        return self.create(vals_list)
