# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The written notice of dissatisfaction (#18, seed 003: 应以书面形式通知相关部门和人员):
a Poor or Very Poor answer on a question rated for a department tells that department's
head when the call is done: an activity for the head on the callback and a note on it
addressed to the head, with the question, the answer and the reason, in the head's
language; once, however often the call is done again.

The heads: 车间主管 (zh_CN) of the Workshop and a Reception head who reads English, both
of shop A. Shop B's Poor workshop answer tells no head of shop A.
"""

from datetime import date

from odoo.tests import tagged

from .common import DealerGroupCase

DAY = date(2026, 6, 10)
NOTICE = "fleet_aftersales.mail_act_dissatisfaction_notice"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestDissatisfactionNotice(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the heads: the workshop's reads Chinese, the reception's English
        heads = {}
        for xmlid, login, name, lang in (
            ("department_workshop", "fa_notice_workshop", "车间主管", "zh_CN"),
            ("department_reception", "fa_notice_reception", "Reception Head", "en_US"),
        ):
            department = cls.env.ref(f"fleet_aftersales.{xmlid}")
            head = cls.make_shop_user(
                cls.shop_a, login, name, "fleet_aftersales.fleet_aftersales_group_user"
            )
            head.lang = lang
            department.manager_id = heads[department] = head
        cls.workshop, cls.reception = heads
        cls.workshop_head, cls.reception_head = heads.values()

    def done_call(self, key, customer, bad):
        """A satisfaction call of shop ``key`` done by its agent: ``bad`` {department:
        (rating, reason)} on the first question of each, the others Very Good."""
        agent = getattr(self, f"agent_{key}")
        with self.at_beijing(DAY, 10):
            call = self.make_call(key, "satisfaction", DAY, customer).with_user(agent)
            answers = call.answer_ids.sorted("sequence")
            for answer in answers:
                rating, reason = bad.pop(answer.department_id, ("5", False))
                answer.write({"rating": rating, "reason": reason})
            call.action_done()
        return call

    def notices(self, call, head=None):
        domain = [
            ("res_model", "=", call._name),
            ("res_id", "=", call.id),
            ("activity_type_id", "=", self.env.ref(NOTICE).id),
        ]
        if head:
            domain.append(("user_id", "=", head.id))
        return self.env["mail.activity"].with_context(active_test=False).search(domain)

    def notice_messages(self, call, head):
        return call.message_ids.filtered(lambda m: head.partner_id in m.partner_ids)

    def test_poor_answer_notifies_the_head_in_his_language(self):
        call = self.done_call("a", self.history_a[0], {self.workshop: ("2", "保养后仍有异响")})
        activity = self.notices(call)
        self.assertRecordValues(
            activity, [{"user_id": self.workshop_head.id, "date_deadline": DAY}]
        )
        # the new strings' zh_CN comes with the translations' merge: the head's language
        # shows in the words translated already (the rating, the question, the department)
        self.assertIn(self.history_a[0].name, activity.summary)
        question = call.answer_ids.filtered(lambda a: a.department_id == self.workshop)[:1]
        message = self.notice_messages(call, self.workshop_head)
        self.assertEqual(len(message), 1)
        body = message.body
        self.assertIn(self.workshop.with_context(lang="zh_CN").name, body)
        self.assertIn(question.question_id.with_context(lang="zh_CN").name, body)
        self.assertIn("不好", body)
        self.assertIn("保养后仍有异响", body)
        self.assertIn("不好", str(activity.note))
        self.assertIn("保养后仍有异响", str(activity.note))
        # a head reads his own language: the reception head English, whoever made the call
        call = self.done_call("a", self.history_a[1], {self.reception: ("1", "等了两个小时")})
        activity = self.notices(call)
        self.assertEqual(activity.user_id, self.reception_head)
        self.assertIn("Dissatisfied customer", activity.summary)
        body = self.notice_messages(call, self.reception_head).body
        self.assertIn("Written notice of dissatisfaction", body)
        self.assertIn("Very Poor", body)
        self.assertIn("等了两个小时", body)

    def test_satisfied_call_and_other_shop_notify_nobody(self):
        call = self.done_call("a", self.history_a[0], {})
        self.assertFalse(self.notices(call))
        # shop B's Poor workshop answer: the workshop head works in shop A only
        call = self.done_call("b", self.history_b[0], {self.workshop: ("2", "洗车不干净")})
        self.assertFalse(self.notices(call))
        self.assertFalse(self.notice_messages(call, self.workshop_head))

    def test_notice_is_given_once(self):
        call = self.done_call("a", self.history_a[0], {self.workshop: ("2", "保养后仍有异响")})
        # the head reads it and marks it done; the manager reopens the call, it is done again
        self.notices(call).with_user(self.workshop_head).action_done()
        with self.at_beijing(DAY, 11):
            call.with_user(self.manager_a).write({"state": "pending"})
            call.with_user(self.agent_a).action_done()
            call.with_user(self.agent_a)._notify_department_heads()
        self.assertEqual(len(self.notices(call)), 1)
        self.assertFalse(self.notices(call).active)
        self.assertEqual(len(self.notice_messages(call, self.workshop_head)), 1)
