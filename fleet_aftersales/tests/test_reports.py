# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from datetime import date
from pathlib import Path

from freezegun import freeze_time
from lxml import etree
from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_path, find_in_path

from .common import JUNE, StatisticsCase


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestReports(StatisticsCase):
    def html(self, xmlid, res_ids=None, data=None):
        content, _format = self.env["ir.actions.report"]._render_qweb_html(
            xmlid, res_ids, data=data
        )
        return content.decode()

    def test_customer_archive_form(self):
        html = self.html("fleet_aftersales.action_report_customer_archive", self.customer.ids)
        for expected in (
            "Zhang Wei",
            "粤A·12345",
            "LGXCE4CB8N0012345",
            "Test plan 6 months / 5000 km",
            self.visit.name,
        ):
            self.assertIn(expected, html)

    def test_callback_record_and_blank_form(self):
        html = self.html("fleet_aftersales.action_report_callback", self.first.ids)
        self.assertIn("Very Good", html)
        self.assertIn("More parking", html)
        blank = self.html("fleet_aftersales.action_report_callback_blank", self.first.ids)
        self.assertIn("□ 5", blank)
        self.assertNotIn("More parking", blank)

    def test_call_and_letter_registers(self):
        data = {
            "company_id": self.company.id,
            "date_from": "2026-06-01",
            "date_to": "2026-06-30",
            "register": "call",
        }
        html = self.html("fleet_aftersales.action_report_callback_register", data=data)
        self.assertIn("Call Register", html)
        self.assertEqual(
            html.count("粤A·12345") + html.count("粤A·22222"), 10, "one line a call of the period"
        )
        letter = self.env["fleet.aftersales.callback"].create(
            {
                "callback_type": "campaign",
                "partner_id": self.customer.id,
                "channel": "letter",
                "date_due": date(2026, 6, 20),
            }
        )
        html = self.html(
            "fleet_aftersales.action_report_callback_register", data=dict(data, register="letter")
        )
        self.assertIn("Letter Register", html)
        self.assertIn(letter.partner_id.name, html)

    def test_daily_detail(self):
        html = self.html(
            "fleet_aftersales.action_report_daily_detail",
            data={"company_id": self.company.id, "date_from": "2026-06-04"},
        )
        self.assertIn("Satisfaction Call", html)
        self.assertIn("T-Wait", html)
        empty = self.html(
            "fleet_aftersales.action_report_daily_detail", data={"date_from": "2025-01-01"}
        )
        self.assertIn("No callback that day", empty)

    def test_complaint_form(self):
        complaint = self.env["fleet.aftersales.complaint"].create(
            {
                "partner_id": self.customer.id,
                "description": "Rattle in the door",
                "user_id": self.agent.id,
            }
        )
        html = self.html("fleet_aftersales.action_report_complaint", complaint.ids)
        self.assertIn("Rattle in the door", html)
        self.assertIn("Signature", html)

    def test_monthly_statistics_figures(self):
        html = self.html(
            "fleet_aftersales.action_report_monthly_statistics",
            self.company.ids,
            data={"month": "2026-06-01"},
        )
        self.assertIn("<span>70.0</span> %", html, "callback rate")
        self.assertIn("<span>33.3</span> %", html, "satisfaction rate (satisfaction calls)")
        self.assertIn("Satisfaction by Type", html)
        self.assertIn("<span>77.8</span> %", html, "callback rate of cars in warranty")
        self.assertIn("T-Wait", html)
        self.assertIn("More parking", html)
        empty = self.html(
            "fleet_aftersales.action_report_monthly_statistics",
            self.company.ids,
            data={"month": "2025-01-01"},
        )
        self.assertIn("<span>0.0</span> %", empty)

    def test_wizard_prints_with_the_period(self):
        wizard = Form(self.env["fleet.aftersales.report.wizard"])
        wizard.report = "call_register"
        wizard.date_from = date(2026, 6, 1)
        wizard.date_to = date(2026, 6, 30)
        action = wizard.save().action_print()
        self.assertEqual(action["report_name"], "fleet_aftersales.report_callback_register")
        self.assertEqual(action["data"]["date_to"], "2026-06-30")

    def test_pdf_renders_in_chinese(self):
        if not find_in_path("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("fleet_aftersales.action_report_customer_archive", self.customer.ids)
        )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_dashboard(self):
        with freeze_time("2026-06-15 10:00:00"):
            data = (
                self.env["fleet.aftersales.dashboard"]
                .with_user(self.manager)
                .with_context(allowed_company_ids=self.company.ids)
                .get_dashboard_data()
            )
            cards = {card["key"]: card for card in data["cards"]}
            self.assertEqual(cards["callback_rate"]["value"], 70.0)
            self.assertEqual(
                cards["satisfaction_rate"]["value"], 33.3, "the satisfaction calls only"
            )
            overdue = self.env["fleet.aftersales.callback"].search_count(
                [("is_overdue", "=", True), ("company_id", "=", self.company.id)]
            )
            self.assertGreaterEqual(overdue, 3, "ours: due 31 May, 8 and 9 June")
            self.assertEqual(cards["calls_overdue"]["value"], overdue)
            self.assertEqual(cards["satisfaction_rate"]["target"], 98.0)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestMonthlyMail(StatisticsCase):
    def test_mailed_on_the_third_once_per_month(self):
        self.manager.email = "manager@example.com"
        Statistics = self.env["fleet.aftersales.statistics"]
        Mail = self.env["mail.mail"]
        before = Mail.search_count([])
        with freeze_time("2026-07-02 08:00:00"):
            self.assertFalse(Statistics._cron_mail_monthly_statistics(), "not before the 3rd")
        with freeze_time("2026-07-03 08:00:00"):
            self.assertIn(self.company, Statistics._cron_mail_monthly_statistics())
            self.assertNotIn(
                self.company, Statistics._cron_mail_monthly_statistics(), "once per month"
            )
        log = self.env["fleet.aftersales.statistics.mail"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "monthly")]
        )
        self.assertEqual((log.date_from, log.date_to), JUNE)
        self.assertIn(self.manager.partner_id, log.recipient_ids)
        mails = Mail.search([], order="id desc", limit=Mail.search_count([]) - before)
        mail = mails.filtered(lambda m: self.manager.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("2026-06", mail.subject)
        self.assertTrue(mail.attachment_ids)
        with freeze_time("2026-08-05 08:00:00"):
            self.assertIn(
                self.company, Statistics._cron_mail_monthly_statistics(), "next month again"
            )
        self.assertEqual(JUNE[0], date(2026, 6, 1))

    def run_cron(self, day):
        with freeze_time(f"{day} 08:00:00"):
            return self.env["fleet.aftersales.statistics"]._cron_mail_monthly_statistics()

    def logs(self, company):
        return self.env["fleet.aftersales.statistics.mail"].search(
            [("company_id", "=", company.id), ("kind", "=", "monthly")]
        )

    def test_second_run_sends_nothing(self):
        self.manager.email = "manager@example.com"
        Mail = self.env["mail.mail"]
        self.assertIn(self.company, self.run_cron("2026-07-03"))
        mails = Mail.search_count([])
        self.assertFalse(self.run_cron("2026-07-20"), "June was mailed: nothing more in July")
        self.assertEqual(Mail.search_count([]), mails, "no mail queued by the second run")
        self.assertEqual(len(self.logs(self.company)), 1)

    def test_no_recipient_not_marked_then_sent(self):
        other = self.env["res.company"].create({"name": "Branch Without Manager"})
        self.assertNotIn(other, self.run_cron("2026-07-03"), "no recipient: not mailed")
        self.assertFalse(self.logs(other), "no recipient: not marked as sent")
        self.manager.write({"email": "manager@example.com", "company_ids": [(4, other.id)]})
        self.assertEqual(self.run_cron("2026-07-04") & other, other, "mailed once it has one")
        log = self.logs(other)
        self.assertEqual((log.date_from, log.recipient_ids), (JUNE[0], self.manager.partner_id))
        mail = self.env["mail.mail"].search([("model", "=", log._name), ("res_id", "=", log.id)])
        self.assertEqual(log.mail_ids, mail)
        self.assertIn("Branch Without Manager", mail.subject)
        self.assertFalse(self.run_cron("2026-07-05") & other, "and only once")

    def test_a_period_is_logged_once(self):
        Log = self.env["fleet.aftersales.statistics.mail"]
        vals = {
            "company_id": self.company.id,
            "kind": "monthly",
            "date_from": JUNE[0],
            "date_to": JUNE[1],
        }
        Log.create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation), self.cr.savepoint():
            Log.create(vals)

    def test_log_read_by_managers_of_its_company(self):
        Log = self.env["fleet.aftersales.statistics.mail"]
        other = self.env["res.company"].create({"name": "Other Branch"})
        logs = Log.create(
            [
                {
                    "company_id": company.id,
                    "kind": "monthly",
                    "date_from": JUNE[0],
                    "date_to": JUNE[1],
                }
                for company in self.company | other
            ]
        )
        self.assertEqual(Log.with_user(self.manager).search([("id", "in", logs.ids)]), logs[0])
        with self.assertRaises(AccessError):
            logs[0].with_user(self.manager).write({"date_to": JUNE[0]})
        with self.assertRaises(AccessError):
            Log.with_user(self.agent).search([])


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestReportTemplates(TransactionCase):
    """QWeb presents; the report models and the statistics service fetch the data."""

    FETCHING = re.compile(
        r"\.search\(|search_count|search_read|_read_group|read_group|\.filtered\(|env\["
    )
    DOCUMENTS = {
        "report_customer_archive": "customer_archive",
        "report_callback": "callback",
        "report_callback_blank": "callback",
        "report_callback_register": "callback_register",
        "report_daily_detail": "daily_detail",
        "report_complaint": "complaint",
        "report_monthly_statistics": "monthly_statistics",
        "report_daily_customer": "daily_customer",
        "report_weekly_department": "weekly_department",
        "report_complaint_list": "complaint_list",
        "report_summary": "summary",
        "report_welcome_letter": "welcome_letter",
    }

    def test_templates_run_no_search(self):
        files = sorted(Path(file_path("fleet_aftersales/report")).glob("*_templates.xml"))
        self.assertEqual(len(files), 12, "eleven documents and their shared layout")
        for path in files:
            for node in etree.parse(str(path)).iter(etree.Element):
                for name, value in node.attrib.items():
                    if name.startswith("t-"):
                        self.assertIsNone(
                            self.FETCHING.search(value),
                            f"{path.name}:{node.sourceline} {name}={value!r} fetches data",
                        )

    def test_one_template_file_per_document(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "fleet_aftersales.%")]
        )
        self.assertEqual(
            sorted(reports.mapped("report_name")),
            sorted(f"fleet_aftersales.{name}" for name in self.DOCUMENTS),
        )
        for name, document in self.DOCUMENTS.items():
            view = self.env.ref(f"fleet_aftersales.{name}")
            self.assertEqual(
                view.arch_fs,
                f"fleet_aftersales/report/fleet_aftersales_{document}_templates.xml",
            )
