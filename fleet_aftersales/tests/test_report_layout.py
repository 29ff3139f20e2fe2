# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The printed forms' layout: the dealer, the form's title and number, the print time on
the dealer's clock and 第 X 页 / 共 Y 页 in the page body (Debian's wkhtmltopdf drops
Odoo's header and footer), table headers on every page, no row cut in two, room to write
by hand, and the Chinese face of the reader's language."""

import re
import subprocess
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from unittest import skipUnless

from odoo.tests import tagged
from odoo.tools.misc import find_in_path

from ..tools import report_data
from .common import DealerGroupCase

DAY = date(2026, 6, 10)


def _which(name):
    try:
        return find_in_path(name)
    except OSError:
        return None


def pdf_pages_text(pdf):
    """The text of each page of ``pdf`` (pdftotext), whitespace removed and the CJK
    radicals that Noto's cmap gives back for some ideographs (⻚ for 页) mapped back."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "form.pdf")
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    text = unicodedata.normalize("NFKC", text.translate(str.maketrans("⻚⻋⻓⻔⼾", "页车长门户")))
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def pdf_fonts(pdf):
    """The font names ``pdf`` embeds (pdffonts)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "form.pdf")
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True, text=True
        ).stdout


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestReportLayout(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop_a.write({"street": "天河路208号", "city": "广州", "phone": "020-38881234"})
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.customer = cls.history_a[0]
        cls.vehicle = cls.customer.vehicle_ids
        cls.vehicle.maintenance_plan_id = cls.plan
        cls.visit = cls.env["fleet.aftersales.visit"].search(
            [("partner_id", "=", cls.customer.id)], limit=1
        )
        cls.visit.description = "<p>更换机油、机滤，检查刹车片</p>"
        Callback = cls.env["fleet.aftersales.callback"].with_user(cls.agent_a)
        cls.callbacks = Callback.create(
            [
                {
                    "callback_type": "inbound",
                    "partner_id": partner.id,
                    "date_due": DAY,
                    "company_id": cls.shop_a.id,
                }
                for partner in cls.history_a
            ]
            * 7
        )
        cls.complaint = (
            cls.env["fleet.aftersales.complaint"]
            .with_user(cls.agent_a)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "description": "等待时间太长",
                    "company_id": cls.shop_a.id,
                }
            )
        )

    def assertAnyIn(self, texts, html, msg=None):
        """One of ``texts`` (a translation, its source until the terms are loaded) is in
        ``html``."""
        self.assertTrue(any(text in html for text in texts), msg or texts)

    def html(self, user, xmlid, res_ids=None, data=None):
        with self.at_beijing(DAY, 7, 30):  # 6/9 23:30 UTC: the dealer's date is the 10th
            content, _format = (
                self.env["ir.actions.report"]
                .with_user(user)
                .with_context(lang=user.lang)
                ._render_qweb_html(xmlid, res_ids, data=data)
            )
        return content.decode()

    def register_data(self):
        return {
            "company_id": self.shop_a.id,
            "date_from": str(DAY),
            "date_to": str(DAY),
            "register": "call",
        }

    def reports(self):
        """Every form of the module, as (report xmlid, role user, ids, data, number)."""
        return [
            ("action_report_customer_archive", self.manager_a, self.customer.ids, None, None),
            ("action_report_callback", self.agent_a, self.callbacks[:1].ids, None, None),
            ("action_report_callback_blank", self.agent_a, self.callbacks[:1].ids, None, None),
            ("action_report_callback_register", self.agent_a, None, self.register_data(), None),
            (
                "action_report_daily_detail",
                self.manager_a,
                None,
                {"company_id": self.shop_a.id, "date_from": str(DAY)},
                "2026-06-10",
            ),
            ("action_report_complaint", self.manager_a, self.complaint.ids, None, None),
            (
                "action_report_monthly_statistics",
                self.manager_a,
                self.shop_a.ids,
                {"month": "2026-06-01"},
                "2026-06-01 - 2026-06-30",
            ),
        ]

    def test_every_form_prints_its_head_and_counter_in_the_page(self):
        titles = {
            "action_report_customer_archive": ("客户档案基本资料表", "Customer Archive Form"),
            "action_report_complaint": ("投诉处理表", "Complaint Form"),
        }
        for xmlid, user, ids, data, number in self.reports():
            with self.subTest(report=xmlid):
                html = self.html(user, f"fleet_aftersales.{xmlid}", ids, data)
                self.assertIn("广州天河丰田4S店", html, "the dealer's name")
                self.assertIn("天河路208号", html, "the dealer's address")
                self.assertIn("2026-06-10 07:30", html, "printed at, on the dealer's clock")
                self.assertRegex(html, r"第 \d+ 页 / 共 \d+ 页", "the page counter")
                self.assertIn("o_aftersales_title", html)
                self.assertNotIn("web.external_layout", html)
                self.assertNotIn('class="header', html, "nothing left for the header html")
                self.assertIn("Noto Sans CJK SC", html)
                self.assertIn("o_aftersales_lang_zh_CN", html)
                if number:
                    self.assertIn(number, html)
                if xmlid in titles:
                    self.assertAnyIn(titles[xmlid], html)
        complaint = self.html(
            self.manager_a, "fleet_aftersales.action_report_complaint", self.complaint.ids
        )
        self.assertIn(self.complaint.name, complaint, "the form's number")

    def test_tables_repeat_headers_and_keep_rows_whole(self):
        html = self.html(
            self.agent_a,
            "fleet_aftersales.action_report_callback_register",
            data=self.register_data(),
        )
        pages = len(re.findall(r'class="o_aftersales_page[ "]', html))
        self.assertGreaterEqual(pages, 3, "77 calls: three pages")
        self.assertIn(f"第 {pages} 页 / 共 {pages} 页", html)
        self.assertEqual(html.count("<thead>"), pages, "each page has the table's header")
        self.assertIn("thead { display: table-header-group; }", html)
        self.assertIn("tr { page-break-inside: avoid; }", html)
        self.assertIn("page-break-after: always", html)

    def test_statistics_name_their_columns_and_print_no_dash_rows(self):
        html = self.html(
            self.manager_a,
            "fleet_aftersales.action_report_monthly_statistics",
            self.shop_a.ids,
            {"month": "2026-06-01"},
        )
        for headers in (("部门", "Department"), ("服务顾问", "Service Advisor")):
            self.assertRegex(html, rf"<th>({'|'.join(headers)})</th>")
        self.assertNotRegex(html, r"<td><span>-</span></td>")

    def test_room_to_write_by_hand(self):
        complaint = self.html(
            self.manager_a, "fleet_aftersales.action_report_complaint", self.complaint.ids
        )
        self.assertGreaterEqual(
            complaint.count('class="o_aftersales_write'),
            4,
            "root cause, resolution, action, rating",
        )
        blank = self.html(
            self.agent_a, "fleet_aftersales.action_report_callback_blank", self.callbacks[:1].ids
        )
        self.assertGreaterEqual(blank.count('class="o_aftersales_write'), 2, "suggestion and note")
        filled = self.html(
            self.agent_a, "fleet_aftersales.action_report_callback", self.callbacks[:1].ids
        )
        self.assertNotIn('class="o_aftersales_write', filled)

    def test_times_print_without_seconds(self):
        """A registration time prints in the shop's clock like the print time
        (2026-06-10 09:30), without seconds (Odoo's ``hide_seconds`` misses zh_CN's 秒)."""
        complaint = self.html(
            self.manager_a, "fleet_aftersales.action_report_complaint", self.complaint.ids
        )
        registered = self.complaint.company_id._aftersales_localize(self.complaint.date_registered)
        self.assertIn(registered.strftime("%Y-%m-%d %H:%M"), complaint)
        self.assertNotIn("秒", complaint)

    def test_customer_archive_has_the_fields_of_the_paper_form(self):
        html = self.html(
            self.manager_a, "fleet_aftersales.action_report_customer_archive", self.customer.ids
        )
        for expected in (
            self.customer.name,
            self.customer.mobile,
            "粤A·00003",  # 车号
            "卡罗拉",  # 车型
            "<span>6</span> <span>",  # 保养周期: months ...
            "更换机油、机滤，检查刹车片",  # 维修养护项目
        ):
            self.assertIn(expected, html)
        for texts in (
            ("客户档案基本资料表", "Customer Archive Form"),
            ("车种", "Vehicle Kind"),
            ("维修养护项目", "Service Items"),
            ("保养周期", "Maintenance Cycle"),
            ("/ <span>5000</span> 公里", "/ <span>5000</span> km"),  # ... and km
            ("客户希望得到的服务", "Desired Services"),
        ):
            self.assertAnyIn(texts, html)

    def test_chinese_face_follows_the_language(self):
        self.manager_a.lang = "zh_TW"
        html = self.html(
            self.manager_a, "fleet_aftersales.action_report_complaint", self.complaint.ids
        )
        self.assertIn('class="article o_aftersales_report o_aftersales_lang_zh_TW"', html)
        self.assertIn('lang="zh-TW"', html)
        self.assertRegex(html, r'\.o_aftersales_lang_zh_TW \{ font-family: "Noto Sans CJK TC"')
        self.assertIn("第 1 頁 / 共 1 頁", html, "Traditional script")

    def test_paginate(self):
        pages = report_data.paginate(
            [{"key": "head", "lines": 8}, {"key": "rows", "lines": 2, "rows": list(range(45))}],
            lines_per_page=20,
        )
        self.assertEqual(
            [[len(s.get("rows") or []) for s in page] for page in pages], [[0, 10], [18], [17]]
        )
        self.assertEqual([s["continued"] for s in pages[1]], [True])
        self.assertEqual(report_data.paginate([]), [[]], "always one page")

    @skipUnless(_which("wkhtmltopdf") and _which("pdftotext"), "wkhtmltopdf and pdftotext")
    def test_pdf_prints_counter_and_dealer_on_every_page(self):
        with self.at_beijing(DAY, 7, 30):
            pdf, _format = (
                self.env["ir.actions.report"]
                .with_user(self.agent_a)
                .with_context(lang="zh_CN", force_report_rendering=True)
                ._render_qweb_pdf(
                    "fleet_aftersales.action_report_callback_register", data=self.register_data()
                )
            )
        pages = pdf_pages_text(pdf)
        self.assertGreaterEqual(len(pages), 3)
        for number, text in enumerate(pages, start=1):
            self.assertIn(f"第{number}页/共{len(pages)}页", text, f"page {number}")
            self.assertIn("广州天河丰田4S店", text, f"page {number}")
            self.assertIn("客户", text, f"the table's header on page {number}")
        if not _which("pdffonts"):
            return
        self.assertIn("NotoSansCJKsc", pdf_fonts(pdf), "the Simplified Chinese face")
        self.assertNotIn("NotoSansCJKjp", pdf_fonts(pdf))
        self.manager_a.lang = "zh_TW"
        taiwan, _format = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(lang="zh_TW", force_report_rendering=True)
            ._render_qweb_pdf("fleet_aftersales.action_report_complaint", self.complaint.ids)
        )
        self.assertIn("NotoSansCJKtc", pdf_fonts(taiwan), "the Traditional Chinese face")
        self.assertNotIn("NotoSansCJKjp", pdf_fonts(taiwan))
        self.assertIn("第1頁/共1頁", pdf_pages_text(taiwan)[0])
