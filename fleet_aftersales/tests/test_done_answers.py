# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the customer said stays as said: a done callback's answers and figures are read-only
for the agent, a manager's correction is posted in the chatter, answers stay on their
callback, and a questionnaire left unanswered needs a real note."""

from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, DealerGroupCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDoneAnswers(DealerGroupCase):
    def new_call(self):
        """The satisfaction call of a visit received by advisor A, worked by agent A
        (6 questions); each call is of another customer of shop A."""
        Callback = self.env["fleet.aftersales.callback"]
        customer = self.history_a[Callback.search_count([("partner_id", "in", self.history_a.ids)])]
        visit = self.receive_visit(customer.vehicle_ids, TODAY - timedelta(days=4), 30000)
        call = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.agent_a)
            .create(
                {
                    "callback_type": "satisfaction",
                    "partner_id": customer.id,
                    "vehicle_id": customer.vehicle_ids.id,
                    "visit_id": visit.id,
                    "user_id": self.agent_a.id,
                    "date_due": TODAY,
                }
            )
        )
        self.assertTrue(call.answer_ids)
        return call

    def done_call(self, hour=10, minute=0):
        call = self.new_call()
        call.answer_ids.write({"rating": "5"})
        with self.at_beijing(TODAY, hour, minute):
            call.action_done()
        self.assertEqual((call.state, call.date_done), ("done", TODAY))
        return call

    def test_the_agent_cannot_change_a_done_callbacks_answers(self):
        for hour, minute in ((1, 0), (23, 30)):
            with self.subTest(at=f"{hour:02d}:{minute:02d}"):
                call = self.done_call(hour, minute)
                answer = call.answer_ids[0]
                with self.at_beijing(TODAY, hour, minute):
                    with self.refused(UserError, "is done"):
                        answer.write({"rating": "1", "reason": "等了两个小时"})
                    with self.refused(UserError, "is done"):
                        call.write({"answer_ids": [(1, answer.id, {"rating": "2", "reason": "x"})]})
                    with self.refused(UserError, "is done"):
                        self.env["fleet.aftersales.callback.answer"].with_user(self.agent_a).create(
                            {"callback_id": call.id, "question_id": answer.question_id.id}
                        )
                self.assertEqual(set(call.answer_ids.mapped("rating")), {"5"})
                self.assertTrue(call.is_satisfied)

    def test_nobody_writes_the_figures(self):
        call = self.done_call()
        for vals in (
            {"average_rating": 1.0},
            {"is_satisfied": False},
            {"has_bad_answer": True},
            {"has_rating": False},
        ):
            with self.subTest(vals=vals), self.refused(ValidationError, "computed"):
                call.with_user(self.manager_a).write(vals)
        pending = self.new_call()
        with self.refused(ValidationError, "computed"):
            pending.answer_ids[0].write({"is_bad": True})
        with self.refused(ValidationError, "computed"):
            pending.answer_ids[0].write({"rating_value": 5})
        # nor does a callback come in with made-up figures
        made_up = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.agent_a)
            .create(
                {
                    "callback_type": "inbound",
                    "partner_id": self.history_a[-1].id,
                    "user_id": self.agent_a.id,
                    "date_due": TODAY,
                    "has_rating": True,
                    "is_satisfied": True,
                    "average_rating": 5.0,
                }
            )
        )
        self.assertEqual(
            (made_up.has_rating, made_up.is_satisfied, made_up.average_rating), (False, False, 0.0)
        )
        self.assertEqual((call.average_rating, call.is_satisfied), (5.0, True))

    def test_a_manager_corrects_a_typo_and_the_chatter_says_so(self):
        call = self.done_call()
        answer = call.answer_ids[0]
        answer.with_user(self.manager_a).write({"rating": "2", "reason": "洗车不干净"})
        self.assertTrue(call.has_bad_answer)
        self.assertFalse(call.is_satisfied)
        message = call.message_ids[0]
        self.assertEqual(message.author_id, self.manager_a.partner_id)
        self.assertIn(self.manager_a.name, message.body)
        self.assertIn("洗车不干净", message.body)
        self.assertIn("→", message.body)
        # a removed answer is said too
        question = answer.question_id.with_context(lang="zh_CN").name
        answer.with_user(self.manager_a).unlink()
        self.assertIn(question, call.message_ids[0].body)
        self.assertEqual(len(call.answer_ids), 5)

    def test_an_answer_stays_on_its_callback(self):
        first, second = self.new_call(), self.new_call()
        answer = first.answer_ids[0]
        for user in (self.agent_a, self.manager_a):
            with self.subTest(user=user.login), self.refused(UserError, "moved"):
                answer.with_user(user).write({"callback_id": second.id})
        answer.with_user(self.agent_a).write({"callback_id": first.id, "rating": "4"})
        self.assertEqual(answer.callback_id, first)

    def test_an_unanswered_questionnaire_needs_a_real_note(self):
        call = self.new_call()
        for blank in ("   ", "\n\t", "\u3000\u3000"):
            call.note = blank
            with self.subTest(note=repr(blank)), self.refused(UserError, "note"):
                with self.at_beijing(TODAY, 23, 30):
                    call.action_done()
        self.assertEqual(call.state, "pending")
        call.note = "客户正在开车，不方便回答问卷"
        with self.at_beijing(TODAY, 23, 30):
            call.action_done()
        self.assertEqual(call.state, "done")
