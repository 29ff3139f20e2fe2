# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every malformed input a user can send over RPC gets a readable refusal and changes
nothing: the module's own crashes, settings and data that make no sense, markup in
customer text, and the noise of mass creation."""

from datetime import datetime

from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import TODAY, DealerGroupCase, beijing


class BadInputsMixin:
    def assertRefused(self, exception, call, *words):
        """``call()`` raises ``exception`` whose message is a sentence (naming ``words``),
        not a traceback, and leaves the database as it was."""
        with self.assertRaises(exception) as caught:
            call()
        message = str(caught.exception.args[0])
        self.assertNotIn("Traceback", message)
        self.assertNotIn('File "', message)
        for word in words:
            self.assertIn(word, message)
        return message


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestBadInputs(BadInputsMixin, DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.history_a[0]
        cls.car = cls.customer.vehicle_ids[:1]
        cls.callback = cls.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "satisfaction",
                "partner_id": cls.customer.id,
                "vehicle_id": cls.car.id,
                "company_id": cls.shop_a.id,
                "user_id": cls.agent_a.id,
                "date_due": TODAY,
            }
        )
        cls.campaign = (
            cls.env["fleet.aftersales.campaign"]
            .with_user(cls.manager_a)
            .create({"name": "车友会", "date": TODAY, "target_domain": "[]"})
        )

    # ---- The module's own crashes ---------------------------------------------------
    def test_reschedule_with_a_non_date(self):
        callback = self.callback.with_user(self.agent_a)
        before = (callback.date_due, callback.next_call_datetime, callback.attempt_count)
        with self.at_beijing(TODAY, 10):
            for value in ("tomorrow", 42, "2026-13-45 10:00:00", False, ["2026-06-11"]):
                self.assertRefused(UserError, lambda v=value: callback.action_reschedule(v))
        self.assertEqual(
            (callback.date_due, callback.next_call_datetime, callback.attempt_count), before
        )

    def test_campaign_target_that_is_no_domain(self):
        Campaign = self.env["fleet.aftersales.campaign"].with_user(self.manager_a)
        count = Campaign.search_count([])
        for target in (
            "not a domain",
            "[('no_such_field', '=', 1)]",
            "{'a': 1}",
            "[('name', '=')]",
            "__import__('os')",
            "[(",
        ):
            self.assertRefused(
                ValidationError,
                lambda t=target: Campaign.create({"name": "x", "date": TODAY, "target_domain": t}),
                "x",
            )
            self.assertRefused(
                ValidationError,
                lambda t=target: self.campaign.with_user(self.manager_a).write(
                    {"target_domain": t}
                ),
                "车友会",
            )
        self.assertEqual(Campaign.search_count([]), count)
        self.assertEqual(self.campaign.target_domain, "[]")
        # a domain on customers is no domain on vehicles
        self.campaign.with_user(self.manager_a).target_domain = "[('vat', '!=', False)]"
        self.assertRefused(
            ValidationError,
            lambda: self.campaign.with_user(self.manager_a).write(
                {"target_model": "fleet.vehicle"}
            ),
        )
        # what the invitations understand is accepted
        self.campaign.with_user(
            self.manager_a
        ).target_domain = "[('create_date', '>=', (context_today() - relativedelta(months=1)).strftime('%Y-%m-%d'))]"

    def test_visit_actions_return_a_value(self):
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(self.advisor_a)
            .create(
                {
                    "vehicle_id": self.car.id,
                    "advisor_id": self.advisor_a.id,
                    "reception_datetime": beijing(TODAY, 9),
                    "odometer": 90000.0,
                }
            )
        )
        # XML-RPC cannot marshal None: every button returns something
        self.assertIs(visit.action_start(), True)
        self.assertIs(visit.action_ready(), True)
        self.assertIs(visit.action_cancel(), True)
        self.assertIs(visit.action_draft(), True)
        with self.at_beijing(TODAY, 10):
            self.assertIs(visit.action_deliver(), True)

    # ---- Settings and data that make no sense ---------------------------------------
    def test_company_settings_that_make_no_sense(self):
        # the manager's right to write the settings is another part of issue 15: the
        # administrator writes them here
        shop = self.shop_a.with_user(self.env.ref("base.user_admin"))
        for fname, value in (
            ("aftersales_satisfaction_delay", -1),
            ("aftersales_second_followup_delay", -3),
            ("aftersales_new_car_delay", -1),
            ("aftersales_callback_max_attempts", 0),
            ("aftersales_callback_max_attempts", -2),
            ("aftersales_callback_expiry_days", -1),
            ("aftersales_complaint_escalation_days", -1),
            ("aftersales_maintenance_lead_days", -7),
            ("aftersales_insurance_lead_days", -30),
        ):
            before = self.shop_a[fname]
            self.assertRefused(
                ValidationError, lambda f=fname, v=value: shop.write({f: v}), self.shop_a.name
            )
            self.assertEqual(self.shop_a[fname], before, fname)
        shop.write({"aftersales_satisfaction_delay": 0, "aftersales_callback_max_attempts": 1})

    def test_campaign_values_that_make_no_sense(self):
        Campaign = self.env["fleet.aftersales.campaign"].with_user(self.manager_a)
        count = Campaign.search_count([])
        for vals in ({"name": ""}, {"name": "   "}, {"name": "年检月", "invitation_lead_days": -1}):
            self.assertRefused(
                ValidationError, lambda v=vals: Campaign.create(dict({"date": TODAY}, **v))
            )
        self.assertEqual(Campaign.search_count([]), count)
        # an invitation after the event
        self.assertRefused(
            ValidationError,
            lambda: self.campaign.with_user(self.manager_a).write({"invitation_lead_days": -3}),
            "车友会",
        )
        self.assertRefused(
            ValidationError, lambda: self.campaign.with_user(self.manager_a).write({"name": "\t "})
        )
        self.assertEqual((self.campaign.name, self.campaign.invitation_lead_days), ("车友会", 14))

    def test_visit_dates_out_of_range(self):
        Visit = self.env["fleet.aftersales.visit"].with_user(self.advisor_a)
        count = Visit.search_count([])
        for reception in (datetime(1949, 12, 31, 8), datetime(2101, 1, 1, 8)):
            self.assertRefused(
                ValidationError,
                lambda r=reception: Visit.create(
                    {
                        "vehicle_id": self.car.id,
                        "advisor_id": self.advisor_a.id,
                        "reception_datetime": r,
                    }
                ),
                "1950",
            )
        self.assertEqual(Visit.search_count([]), count)
        visit = Visit.create(
            {
                "vehicle_id": self.car.id,
                "advisor_id": self.advisor_a.id,
                "reception_datetime": beijing(TODAY, 9),
            }
        )
        self.assertRefused(
            ValidationError,
            lambda: visit.write({"delivery_datetime": datetime(2126, 6, 10, 9)}),
            visit.display_name,
        )
        self.assertFalse(visit.delivery_datetime)

    def test_empty_complaint_description_and_question(self):
        Complaint = self.env["fleet.aftersales.complaint"].with_user(self.advisor_a)
        count = Complaint.search_count([])
        category = self.env.ref("fleet_aftersales.complaint_category_repair_quality")
        for description in ("", "  \n\t "):
            self.assertRefused(
                ValidationError,
                lambda d=description: Complaint.create(
                    {
                        "partner_id": self.customer.id,
                        "vehicle_id": self.car.id,
                        "description": d,
                        "category_id": category.id,
                    }
                ),
            )
        self.assertEqual(Complaint.search_count([]), count)
        Question = self.env["fleet.aftersales.question"].with_user(self.manager_a)
        count = Question.search_count([])
        self.assertRefused(ValidationError, lambda: Question.create({"name": "   "}))
        question = Question.create({"name": "您对洗车满意吗?"})
        self.assertRefused(ValidationError, lambda: question.write({"name": " "}))
        self.assertEqual(question.name, "您对洗车满意吗?")
        self.assertEqual(Question.search_count([]), count + 1)

    # ---- Markup in customer text ------------------------------------------------------
    def test_customer_markup_in_activity_notes_is_text(self):
        name = '<a href="https://evil.example">王</a><img src=x onerror=alert(1)>'
        customer = (
            self.env["res.partner"]
            .with_user(self.agent_a)
            .create({"name": name, "mobile": "13800138999", "company_id": self.shop_a.id})
        )
        callback = (
            self.env["fleet.aftersales.callback"]
            .with_user(self.manager_a)
            .create(
                {
                    "callback_type": "second_followup",
                    "partner_id": customer.id,
                    "user_id": self.agent_a.id,
                    "date_due": TODAY,
                }
            )
        )
        note = callback.with_user(self.agent_a).activity_ids.note
        self.assertTrue(note)
        tree = html.fromstring(str(note))
        # neither the customer's markup nor the address in it became a link or an image
        self.assertFalse(tree.xpath("//a | //img"), note)
        self.assertIn(name, tree.text_content())

    # ---- Mass creation --------------------------------------------------------------
    def test_campaign_invitations_are_created_quietly(self):
        Message = self.env["mail.message"].sudo()
        self.campaign.target_domain = f"[('id', 'in', {self.history_a.ids})]"
        mails = self.env["mail.mail"].sudo().search_count([])
        with self.at_beijing(TODAY, 10):
            self.campaign.with_user(self.manager_a).action_confirm()
        invitations = self.campaign.callback_ids
        self.assertEqual(len(invitations), 2 * len(self.history_a))
        # no creation message nor "assigned to you" e-mail per invitation: the activities
        # in the agent's inbox are the notice
        self.assertFalse(
            Message.search(
                [("model", "=", "fleet.aftersales.callback"), ("res_id", "in", invitations.ids)]
            )
        )
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails)
        self.assertEqual(
            len(invitations.activity_ids.filtered(lambda a: a.user_id == self.agent_a)),
            len(invitations),
        )


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestBadReportUrls(BadInputsMixin, DealerGroupCase, HttpCase):
    """A report URL with a ``data`` value that is not a date answers 400 with the
    message, not 500."""

    def _get(self, path):
        self.authenticate("fa_manager_a", "fa_manager_a")
        return self.url_open(path)

    def test_report_urls_with_bad_dates(self):
        shop = self.shop_a.id
        for path in (
            f"/report/html/fleet_aftersales.report_monthly_statistics/{shop}?month=last-month",
            f"/report/html/fleet_aftersales.report_monthly_statistics/{shop}?month=2026-02-30",
            "/report/html/fleet_aftersales.report_daily_detail?date_from=yesterday",
            "/report/html/fleet_aftersales.report_daily_detail?company_id=x",
            "/report/html/fleet_aftersales.report_callback_register?date_from=2026-13-01",
            "/report/html/fleet_aftersales.report_callback_register"
            "?date_from=2026-06-01&date_to=soon",
        ):
            with self.subTest(path=path):
                response = self._get(path)
                self.assertEqual(response.status_code, 400, response.text[:300])
                self.assertNotIn("Traceback", response.text)
                # the manager reads Chinese: the message in his language, with what was wrong
                self.assertIn(
                    "YYYY-MM-DD" if "company_id" not in path else "记录编号", response.text
                )
        response = self._get(
            f"/report/html/fleet_aftersales.report_monthly_statistics/{shop}?month=2026-05-01"
        )
        self.assertEqual(response.status_code, 200)

    def test_report_values_with_bad_dates(self):
        Report = self.env["report.fleet_aftersales.report_monthly_statistics"].with_user(
            self.manager_a
        )
        self.assertRefused(
            UserError, lambda: Report._get_report_values(self.shop_a.ids, {"month": 5}), "month"
        )
