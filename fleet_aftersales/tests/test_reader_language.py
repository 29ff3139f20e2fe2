# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the module writes for someone else is in its reader's language.

The scheduled actions run as OdooBot (English, UTC) and the buttons as whoever clicks
them: the activities they create read in their assignee's language, the callback notes
and chatter lines in the shop's (zh_CN). No English sentence reaches a zh_CN user.
"""

import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged
from odoo.tools import format_date, html2plaintext

from .common import TODAY, DealerGroupCase, beijing

DAILY = "fleet_aftersales.ir_cron_generate_callbacks"
LOST = "fleet_aftersales.ir_cron_update_lost_customers"
ESCALATE = "fleet_aftersales.ir_cron_escalate_complaints"
ARCHIVE = "fleet_aftersales.ir_cron_archive_completeness"
#: two English words in a row: a sentence (plates, VINs and names are single tokens)
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[\s,.:;()-]+[A-Za-z]{2,}")


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestReaderLanguage(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))
        # an agent of shop A like the others, who reads English
        cls.agent_en = cls.agent_a.copy(
            {"login": "fa_agent_a_en", "name": "Agent Smith", "lang": "en_US"}
        )
        history = cls.history_a
        # an insurance expiring soon, a car handed over a week ago, a customer just lost
        history[0].vehicle_ids.insurance_expiry_date = TODAY + timedelta(days=10)
        cls.buyer = cls._make_customer("新车客户")
        cls.new_car = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.car_model.id,
                "license_plate": "粤A·N0001",
                "vin_sn": "LFVNEWCAR00000001",
                "owner_id": cls.buyer.id,
                "company_id": cls.shop_a.id,
                "delivery_date": TODAY - timedelta(days=7),
            }
        )
        cls.lost = cls._make_customer("流失客户甲")
        lost_car = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.car_model.id,
                "license_plate": "粤A·L0001",
                "vin_sn": "LFVLOSTCAR0000001",
                "owner_id": cls.lost.id,
                "company_id": cls.shop_a.id,
            }
        )
        last_seen = TODAY - relativedelta(months=6) - timedelta(days=3)
        cls.env["fleet.aftersales.visit"].create(
            {
                "vehicle_id": lost_car.id,
                "advisor_id": cls.advisor_a.id,
                "company_id": cls.shop_a.id,
                "visit_type": "maintenance",
                "reception_datetime": beijing(last_seen, 9),
                "delivery_datetime": beijing(last_seen, 17),
                "odometer": 8000.0,
            }
        ).action_deliver()

    @classmethod
    def _make_customer(cls, name, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "mobile": "13900139000",
                "street": "天河路385号",
                "city": "广州",
                "lang": "zh_CN",
                "company_id": cls.shop_a.id,
                **vals,
            }
        )

    # ---- Helpers ----------------------------------------------------------------------
    def assertChinese(self, text, phrase, english):
        """``text`` holds the shipped zh_CN ``phrase``, not the English source, no English."""
        text = html2plaintext(text or "")
        self.assertIn(phrase, text)
        self.assertNotIn(english, text)
        self.assertNotRegex(text, ENGLISH_WORDS)

    def callbacks(self, kind, shop=None):
        return self.env["fleet.aftersales.callback"].search(
            [("callback_type", "=", kind), ("company_id", "=", (shop or self.shop_a).id)]
        )

    def activity_of(self, record, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def zh_date(self, day):
        return format_date(self.zh, day)

    # ---- The daily action -------------------------------------------------------------
    def test_daily_action_writes_chinese_for_a_chinese_shop(self):
        self.run_action(LOST, TODAY, 1)
        self.run_action(DAILY, TODAY, 1)
        reminders = self.callbacks("maintenance_reminder")
        self.assertTrue(reminders, "the history has cars due a service")
        for reminder in reminders:
            self.assertChinese(reminder.note, "保养到期", "Service due on")
            self.assertIn(self.zh_date(reminder.vehicle_id.next_service_date), reminder.note)
            activity = reminder.activity_ids
            self.assertEqual(activity.user_id, self.agent_a)
            self.assertEqual(activity.summary, "保养提醒")
            self.assertChinese(activity.note, "致电", "Call ")
        insurance = self.callbacks("insurance_renewal")
        self.assertEqual(insurance.partner_id, self.history_a[0])
        self.assertChinese(insurance.note, "保险将于", "Insurance expires on")
        self.assertIn(self.zh_date(TODAY + timedelta(days=10)), insurance.note)
        self.assertEqual(insurance.activity_ids.summary, "续保")
        lost = self.callbacks("lost_customer").filtered(lambda c: c.partner_id == self.lost)
        self.assertEqual(len(lost), 1)
        self.assertEqual(lost.activity_ids.summary, "流失客户")
        self.assertChinese(lost.activity_ids.note, "致电", "Call ")

    def test_new_car_call_and_first_service_booking_in_chinese(self):
        self.run_action(DAILY, TODAY, 1)
        call = self.callbacks("new_car").filtered(lambda c: c.vehicle_id == self.new_car)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.activity_ids.summary, "新车回访")
        booking = self.activity_of(self.new_car, "fleet_aftersales.mail_act_book_first_service")
        self.assertEqual(booking.user_id, self.agent_a)
        self.assertEqual(booking.summary, "预约首保")
        self.assertChinese(booking.note, "首保到期", "First service due on")

    def test_daily_action_at_half_past_eleven_writes_chinese_too(self):
        self.run_action(DAILY, TODAY, 23, 30)
        insurance = self.callbacks("insurance_renewal")
        self.assertChinese(insurance.note, "保险将于", "Insurance expires on")
        self.assertEqual(insurance.activity_ids.summary, "续保")

    def test_an_english_agent_of_the_shop_gets_english_activities(self):
        self.shop_a.aftersales_agent_ids = self.agent_en
        self.run_action(DAILY, TODAY, 1)
        insurance = self.callbacks("insurance_renewal")
        self.assertEqual(insurance.user_id, self.agent_en)
        # the note on the callback is the shop's: several people read it
        self.assertChinese(insurance.note, "保险将于", "Insurance expires on")
        # the activity is the agent's
        self.assertEqual(insurance.activity_ids.summary, "Insurance Renewal")
        self.assertIn("Call ", html2plaintext(insurance.activity_ids.note))
        booking = self.activity_of(self.new_car, "fleet_aftersales.mail_act_book_first_service")
        self.assertEqual(booking.summary, "Book the first service (首保)")
        self.assertIn("First service due on", html2plaintext(booking.note))
        # shop B's agents still read Chinese
        shop_b_reminders = self.callbacks("maintenance_reminder", self.shop_b)
        self.assertTrue(shop_b_reminders)
        self.assertEqual(set(shop_b_reminders.activity_ids.mapped("summary")), {"保养提醒"})

    def test_reassigned_call_follows_its_new_agent(self):
        self.run_action(DAILY, TODAY, 1)
        insurance = self.callbacks("insurance_renewal")
        insurance.with_user(self.manager_a).user_id = self.agent_en
        self.assertEqual(insurance.activity_ids.summary, "Insurance Renewal")
        insurance.with_user(self.manager_a).user_id = self.agent_a
        self.assertEqual(insurance.activity_ids.summary, "续保")

    def test_moved_service_cancels_its_reminder_in_chinese(self):
        self.run_action(DAILY, TODAY, 1)
        reminder = self.callbacks("maintenance_reminder")[:1]
        vehicle = reminder.vehicle_id
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.advisor_a)
            .create(
                {
                    "vehicle_id": vehicle.id,
                    "advisor_id": self.advisor_a.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(TODAY, 9),
                    "odometer": vehicle.odometer + 100,
                }
            )
        )
        with self.at_beijing(TODAY, 17):
            visit.with_user(self.advisor_a).action_deliver()
        self.run_action(DAILY, TODAY + timedelta(days=1), 1)
        self.assertEqual(reminder.state, "cancelled")
        self.assertChinese(reminder.note, "所提醒的保养已完成或已变更", "The service it announced")

    def test_customer_back_cancels_the_win_back_call_in_chinese(self):
        self.run_action(LOST, TODAY, 1)
        self.run_action(DAILY, TODAY, 1)
        call = self.callbacks("lost_customer").filtered(lambda c: c.partner_id == self.lost)
        self.assertEqual(call.state, "pending")
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.manager_a)
            .create(
                {
                    "vehicle_id": self.lost.vehicle_ids.id,
                    "advisor_id": self.advisor_a.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(TODAY, 9),
                    "odometer": 12000,
                }
            )
        )
        with self.at_beijing(TODAY, 17):
            visit.action_deliver()
        self.run_action(LOST, TODAY + timedelta(days=1), 1)
        self.assertEqual(call.state, "cancelled")
        self.assertChinese(call.note, "客户已回厂", "The customer came back.")

    # ---- Buttons that write for someone else ------------------------------------------
    def test_unreachable_fallback_note_in_chinese(self):
        customer = self._make_customer("短信客户", preferred_channel="sms")
        call = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.manager_a)
            .create(
                {
                    "callback_type": "inbound",
                    "partner_id": customer.id,
                    "company_id": self.shop_a.id,
                    "user_id": self.agent_a.id,
                    "date_due": TODAY,
                }
            )
        )
        with self.at_beijing(TODAY, 10):
            for _attempt in range(self.shop_a.aftersales_callback_max_attempts):
                call.with_user(self.agent_a).action_no_answer()
        self.assertEqual(call.state, "unreachable")
        follow_up = self.env["fleet.aftersales.callback"].search([("parent_id", "=", call.id)])
        self.assertEqual(follow_up.channel, "sms")
        self.assertChinese(follow_up.note, "电话拨打 3 次未接通", "Unreachable by phone")
        self.assertIn("短信", follow_up.note)

    def test_escalation_writes_chinese_chatter_and_activity(self):
        complaints = self.env["fleet.aftersales.complaint"].with_user(self.agent_a)
        with self.at_beijing(TODAY - timedelta(days=3), 10):
            late = complaints.create(
                {
                    "partner_id": self.history_a[0].id,
                    "description": "异响又出现了",
                }
            )
            past_date = complaints.create(
                {
                    "partner_id": self.history_a[1].id,
                    "description": "洗车不干净",
                    "user_id": self.agent_a.id,
                    "date_deadline": TODAY - timedelta(days=1),
                }
            )
        self.run_action(ESCALATE, TODAY, 1)
        for complaint, phrase, english in (
            (late, "已升级：登记后 2 天内未解决", "Escalated: not resolved"),
            (past_date, "已升级：承诺日期", "Escalated: the committed date"),
        ):
            with self.subTest(complaint=complaint.description):
                self.assertTrue(complaint.is_escalated)
                chatter = complaint.message_ids.filtered(lambda m: "已升级" in (m.body or ""))
                self.assertEqual(len(chatter), 1)
                self.assertChinese(chatter.body, phrase, english)
                self.assertFalse(
                    complaint.message_ids.filtered(lambda m: "Escalated" in (m.body or ""))
                )
                activity = self.activity_of(
                    complaint, "fleet_aftersales.mail_act_complaint_escalation"
                )
                self.assertEqual(activity.user_id, self.manager_a)
                self.assertEqual(activity.summary, f"升级投诉 {complaint.name}")
                self.assertChinese(activity.note, phrase, english)
                self.assertNotIn(str(TODAY - timedelta(days=1)), chatter.body)
        late_line = past_date.message_ids.filtered(lambda m: "已升级" in (m.body or ""))
        self.assertIn(self.zh_date(TODAY - timedelta(days=1)), late_line.body)

    def test_archive_check_asks_in_chinese(self):
        customer = self._make_customer("缺地址客户", street=False, city=False)
        car = self.env["fleet.vehicle"].create(
            {
                "model_id": self.car_model.id,
                "license_plate": "粤A·R0001",
                "vin_sn": "LFVARCHIVE0000001",
                "owner_id": customer.id,
                "company_id": self.shop_a.id,
            }
        )
        with self.at_beijing(TODAY - timedelta(days=3), 9):
            self.env["fleet.aftersales.visit"].with_user(self.advisor_a).create(
                {
                    "vehicle_id": car.id,
                    "advisor_id": self.advisor_a.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(TODAY - timedelta(days=3), 9),
                    "odometer": 3000,
                }
            )
        self.run_action(ARCHIVE, TODAY, 1)
        activity = self.activity_of(customer, "fleet_aftersales.mail_act_archive_completion")
        self.assertEqual(activity.user_id, self.advisor_a)
        self.assertEqual(
            activity.summary,
            self.env.ref("fleet_aftersales.mail_act_archive_completion").with_env(self.zh).summary,
        )
        self.assertChinese(activity.note, "档案仍缺少：地址", "still lacks")
        # the form shows what is missing in the reader's language
        advisor = customer.with_user(self.advisor_a)
        self.assertEqual(advisor.with_context(lang="en_US").archive_missing, "address")
        self.assertEqual(advisor.with_context(lang="zh_CN").archive_missing, "地址")

    def test_resolution_and_confirmation_in_chinese(self):
        complaint = (
            self.env["fleet.aftersales.complaint"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_id": self.history_a[2].id,
                    "description": "保养后漏油",
                    "user_id": self.manager_a.id,
                    "date_deadline": TODAY + timedelta(days=2),
                }
            )
        )
        self.assertEqual(
            self.activity_of(complaint, "fleet_aftersales.mail_act_complaint_resolution").summary,
            f"处理投诉 {complaint.name}",
        )
        complaint.with_user(self.manager_a).write(
            {"root_cause": "油封老化", "resolution": "已免费更换油封"}
        )
        with self.at_beijing(TODAY, 23, 30):
            complaint.with_user(self.manager_a).action_resolve()
        feedback = complaint.message_ids.filtered(lambda m: "投诉已解决" in (m.body or ""))
        self.assertEqual(len(feedback), 1, "the owner's activity is done, in Chinese")
        self.assertFalse(
            complaint.message_ids.filtered(lambda m: "Complaint resolved" in (m.body or ""))
        )
        confirmation = complaint.confirmation_callback_ids
        self.assertEqual(confirmation.user_id, self.agent_a)
        self.assertChinese(confirmation.note, f"投诉 {complaint.name} 已解决", "was resolved")
        self.assertEqual(confirmation.activity_ids.summary, "投诉处理确认")
        # the customer is not satisfied: the agent's answer is written for the owner
        answers = confirmation.with_user(self.agent_a).answer_ids
        answers[:1].write({"rating": "1", "reason": "还在漏油"})
        answers[1:].write({"rating": "5"})
        with self.at_beijing(TODAY + timedelta(days=1), 10):
            confirmation.with_user(self.agent_a).action_done()
        self.assertEqual(complaint.state, "in_progress")
        line = complaint.message_ids.filtered(lambda m: "不满意" in (m.body or ""))
        self.assertEqual(len(line), 1)
        self.assertChinese(line.body, "客户对解决结果不满意", "not satisfied")
        self.assertIn("还在漏油", line.body)
        done = confirmation.message_ids.filtered(lambda m: "回访已完成" in (m.body or ""))
        self.assertEqual(len(done), 1)
        self.assertFalse(
            confirmation.message_ids.filtered(lambda m: "Callback done" in (m.body or ""))
        )

    def test_campaign_letter_note_in_chinese(self):
        campaign = (
            self.env["fleet.aftersales.campaign"]
            .with_user(self.manager_a)
            .create(
                {
                    "name": "夏季免费检测",
                    "date": TODAY + timedelta(days=20),
                    "target_model": "res.partner",
                    "target_domain": f"[('id', '=', {self.history_a[0].id})]",
                }
            )
        )
        with self.at_beijing(TODAY, 23, 30):
            campaign.with_user(self.manager_a).action_confirm()
        letter = campaign.callback_ids.filtered(lambda c: c.channel == "letter")
        self.assertEqual(len(letter), 1)
        self.assertChinese(letter.note, "寄出 夏季免费检测 的邀请函", "invitation letter")
