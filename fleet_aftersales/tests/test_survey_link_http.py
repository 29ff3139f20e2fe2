# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The survey link's public page (#19), as the customer (the public, no login) opens and
answers it: opening writes nothing; the submit answers as a call, online, and closes the
callback as the agent's button does (complaint, department notice); a wrong, used or
expired link, or another callback's token, shows a polite page without data; the page is
rate-limited and reads in the customer's language; a tour fills it on a phone.
"""

import re

from odoo.tests import HttpCase, tagged

from ..tools.rate_limit import DEFAULT_HITS, PUBLIC_LIMIT
from .common import TODAY, DealerGroupCase

#: the zh_TW words of the second satisfaction question (from i18n/zh_TW.po)
ZH_TW_QUESTION = "您對我站接待您的迅速程度如何評價"
EN_QUESTION = "How do you rate how quickly you were received"


class SurveyPageCase(HttpCase, DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.env.ref("base.module_fleet_aftersales")._update_translations(["zh_TW"])
        cls.customer = cls.history_a[0]
        cls.customer.preferred_channel = "sms"
        cls.call = cls._sent_call(cls.customer)

    @classmethod
    def _sent_call(cls, partner):
        call = cls.make_call("a", "satisfaction", TODAY, partner)
        call.with_user(cls.agent_a).action_send_survey()
        return call

    def setUp(self):
        super().setUp()
        PUBLIC_LIMIT.reset()
        self.addCleanup(PUBLIC_LIMIT.reset)
        self.authenticate(None, None)  # the public visitor's session (its CSRF token)

    def url(self, call=None, token=None):
        call = call or self.call
        return f"/aftersales/survey/{call.id}?access_token={token or call.access_token}"

    def open_page(self, call=None, token=None):
        response = self.url_open(self.url(call, token))
        self.assertEqual(response.status_code, 200)
        return response.text

    def submit(self, ratings, call=None, **extra):
        """Open the page, then post ``ratings`` {answer: rating or (rating, reason, tags)}."""
        call = call or self.call
        html = self.open_page(call)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
        data = [("csrf_token", csrf.group(1) if csrf else ""), ("access_token", call.access_token)]
        for answer, value in ratings.items():
            rating, reason, tags = value if isinstance(value, tuple) else (value, "", ())
            data += [(f"rating_{answer.id}", rating), (f"reason_{answer.id}", reason)]
            data += [(f"reason_tag_{answer.id}", str(tag.id)) for tag in tags]
        data += list(extra.items())
        return self.url_open(f"/aftersales/survey/{call.id}/submit", data=data)

    def all_good(self, call=None):
        return dict.fromkeys((call or self.call).answer_ids, "5")


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestSurveyPage(SurveyPageCase):
    def test_opening_the_link_writes_nothing(self):
        """Link scanners open every link: no answer, no state, no write, no message."""
        self.env.flush_all()
        written = self.call.write_date
        last_message = self.env["mail.message"].search([], order="id desc", limit=1).id
        for _i in range(3):
            html = self.open_page()
        self.assertIn('class="o_survey_form"', html)
        self.assertEqual(html.count("o_survey_question card"), len(self.call.answer_ids))
        self.env.invalidate_all()
        self.assertEqual(self.call.write_date, written)
        self.assertRecordValues(self.call, [{"state": "pending", "survey_state": "sent"}])
        self.assertFalse(any(self.call.answer_ids.mapped("rating")))
        self.assertFalse(self.env["mail.message"].search([("id", ">", last_message)]))

    def test_submit_answers_as_a_call_online(self):
        response = self.submit(self.all_good(), suggestion="周末也开门就好了")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_survey_thanks", response.text)
        self.assertRecordValues(
            self.call,
            [
                {
                    "state": "done",
                    "channel": "online",
                    "survey_state": "answered",
                    "suggestion": "周末也开门就好了",
                    "is_satisfied": True,
                    "date_done": self.shop_a._aftersales_today(),
                }
            ],
        )
        self.assertEqual(set(self.call.answer_ids.mapped("rating")), {"5"})
        # out of the agent's inbox, as after a call
        self.assertFalse(self.call.activity_ids)

    def test_poor_rating_needs_a_reason(self):
        ratings = self.all_good()
        ratings[self.call.answer_ids[0]] = "1"
        response = self.submit(ratings)
        self.assertIn("o_survey_error_message", response.text)
        self.assertIn("o_survey_form", response.text)
        self.assertEqual(self.call.state, "pending")
        self.assertFalse(any(self.call.answer_ids.mapped("rating")))
        # unrated questions too
        response = self.submit({self.call.answer_ids[0]: "5"})
        self.assertIn("o_survey_error_message", response.text)
        self.assertEqual(self.call.state, "pending")

    def test_online_survey_ends_in_a_complaint(self):
        """A Very Poor workshop rating with its reason, the customer asks to be
        contacted: the complaint is raised and the workshop's head gets the notice."""
        workshop = self.env.ref("fleet_aftersales.department_workshop")
        head = self.make_shop_user(
            self.shop_a,
            "fa_survey_head",
            "车间主管",
            "fleet_aftersales.fleet_aftersales_group_user",
        )
        workshop.manager_id = head
        bad = self.call.answer_ids.filtered(lambda a: a.department_id == workshop)[:1]
        tag = self.env.ref("fleet_aftersales.reason_repair_quality")
        ratings = self.all_good()
        ratings[bad] = ("1", "保养后仍有异响", tag)
        response = self.submit(ratings, wants_contact="1")
        self.assertIn("o_survey_thanks", response.text)
        self.assertRecordValues(
            bad, [{"rating": "1", "reason": "保养后仍有异响", "reason_tag_ids": tag.ids}]
        )
        self.assertTrue(self.call.has_bad_answer)
        complaint = self.call.raised_complaint_ids
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.customer.id,
                    "department_id": workshop.id,
                    "company_id": self.shop_a.id,
                    "channel": "callback",
                }
            ],
        )
        notice = self.env.ref("fleet_aftersales.mail_act_dissatisfaction_notice")
        self.assertEqual(
            self.call.activity_ids.filtered(lambda a: a.activity_type_id == notice).user_id, head
        )

    def test_poor_rating_without_asking_is_a_complaint_proposal(self):
        bad = self.call.answer_ids[0]
        ratings = self.all_good()
        ratings[bad] = ("2", "等了很久", ())
        self.submit(ratings)
        # the agent's Raise Complaint button shows (has_bad_answer); none raised yet
        self.assertTrue(self.call.has_bad_answer)
        self.assertFalse(self.call.raised_complaint_ids)

    # ---- Polite pages -------------------------------------------------------------------
    def test_second_submit_is_told_politely(self):
        self.submit(self.all_good())
        self.assertEqual(self.call.state, "done")
        html = self.open_page()
        self.assertIn("o_survey_answered", html)
        self.assertNotIn("o_survey_form", html)
        # a second post of the same form (the token kept by the browser)
        data = {"access_token": self.call.access_token, "csrf_token": self._csrf()}
        data.update({f"rating_{a.id}": "1" for a in self.call.answer_ids})
        response = self.url_open(f"/aftersales/survey/{self.call.id}/submit", data=data)
        self.assertIn("o_survey_answered", response.text)
        self.assertEqual(set(self.call.answer_ids.mapped("rating")), {"5"})

    def _csrf(self):
        html = self.url_open("/aftersales/survey/0?access_token=x").text
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def test_expired_link(self):
        self.call.survey_expiry_datetime = "2020-01-01 00:00:00"
        html = self.open_page()
        self.assertIn("o_survey_expired", html)
        self.assertNotIn("o_survey_form", html)
        self.assertNotIn(self.call.answer_ids[0].question_id.name, html)

    def test_wrong_token_and_another_callbacks_token(self):
        self.history_a[1].preferred_channel = "email"
        self.history_a[1].email = "chen.jie@example.com"
        other = self._sent_call(self.history_a[1])
        for call, token in (
            (self.call, "0" * 36),
            (self.call, other.access_token),
            (other, self.call.access_token),
        ):
            html = self.open_page(call, token)
            self.assertIn("o_survey_invalid", html)
            self.assertNotIn(call.partner_id.name, html)
            self.assertNotIn(call.company_id.name, html)
        response = self.url_open("/aftersales/survey/999999999?access_token=x")
        self.assertIn("o_survey_invalid", response.text)

    def test_rate_limit(self):
        for _i in range(DEFAULT_HITS):
            self.assertEqual(self.url_open(self.url(token="wrong")).status_code, 200)
        response = self.url_open(self.url())
        self.assertEqual(response.status_code, 429)
        self.assertIn("o_survey_busy", response.text)
        self.assertNotIn("o_survey_form", response.text)

    # ---- The customer's language --------------------------------------------------------
    def test_page_in_traditional_chinese_and_english(self):
        taiwanese = self.history_a[2]
        taiwanese.write({"lang": "zh_TW", "preferred_channel": "sms"})
        english = self.history_a[3]
        english.write({"lang": "en_US", "preferred_channel": "sms"})
        html = self.open_page(self._sent_call(taiwanese))
        self.assertIn(ZH_TW_QUESTION, html)
        self.assertIn('lang="zh-TW"', html)
        html = self.open_page(self._sent_call(english))
        self.assertIn(EN_QUESTION, html)
        self.assertNotIn(ZH_TW_QUESTION, html)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestSurveyTour(SurveyPageCase):
    """The customer fills the survey on a phone (375x667, touch)."""

    browser_size = "375x667"
    touch_enabled = True

    def test_customer_answers_on_a_phone(self):
        answers = self.call.answer_ids.sorted("sequence")
        self.assertEqual(len(answers), 6, "the tour rates six questions")
        self.start_tour(self.url(), "fleet_aftersales_survey_link_tour")
        self.assertRecordValues(self.call, [{"state": "done", "channel": "online"}])
        self.assertEqual(answers.mapped("rating"), ["5", "5", "5", "5", "4", "2"])
        self.assertEqual(answers[-1].reason, "车没洗干净")
        self.assertEqual(self.call.suggestion, "希望周末也营业")
