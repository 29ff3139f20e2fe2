# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The welcome letter at the new-car handover (#18, seed 001: 确保提供由经销商总经理发出的
一封信): printed from the car in the owner's language with the layout of the forms, signed
by the shop's general manager; e-mailed to the owner with the PDF; entered once in the
letter register.

Shop A hands a new 卡罗拉 over to 王先生 on 8 June; its plan (6 months / 5000 km) puts its
first service on 8 September. Each shop has its own general manager.
"""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import DealerGroupCase

HANDOVER = date(2026, 6, 8)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestWelcomeLetter(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gm_a = cls.make_shop_user(cls.shop_a, "fa_gm_a", "天河总经理", "base.group_user")
        cls.gm_b = cls.make_shop_user(cls.shop_b, "fa_gm_b", "南海总经理", "base.group_user")
        for shop, manager, gm in (
            (cls.shop_a, cls.manager_a, cls.gm_a),
            (cls.shop_b, cls.manager_b, cls.gm_b),
        ):
            # the shop's manager names the general manager in the shop settings
            shop.with_user(manager).aftersales_general_manager_id = gm
            shop.phone = "020-88886666" if shop == cls.shop_a else "0757-86668888"
        cls.car_a = cls.new_car(cls.shop_a, "王先生", "粤A·W0608")
        cls.car_b = cls.new_car(cls.shop_b, "李女士", "粤E·W0608")

    @classmethod
    def new_car(cls, shop, owner_name, plate, delivery_date=HANDOVER):
        owner = cls.env["res.partner"].create(
            {
                "name": owner_name,
                "email": f"{plate[-5:]}@example.cn",
                "lang": "zh_CN",
                "company_id": shop.id,
            }
        )
        return cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.car_model.id,
                "license_plate": plate,
                "owner_id": owner.id,
                "company_id": shop.id,
                "maintenance_plan_id": cls.plan.id,
                "delivery_date": delivery_date,
            }
        )

    def render(self, user, car):
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=user.lang, allowed_company_ids=user.company_id.ids)
            ._render_qweb_html("fleet_aftersales.action_report_welcome_letter", car.ids)
        )
        return html.decode()

    def letters(self, car):
        return self.env["fleet.aftersales.callback"].search(
            [("callback_type", "=", "welcome_letter"), ("vehicle_id", "=", car.id)]
        )

    def test_letter_prints_in_chinese_signed_by_the_shop_general_manager(self):
        self.assertEqual(self.car_a.next_service_date, date(2026, 9, 8))
        html = self.render(self.advisor_a, self.car_a)
        self.assertIn("第 1 页 / 共 1 页", html)
        self.assertIn("o_aftersales_title", html)
        self.assertIn('data-oe-lang="zh_CN"', html)
        self.assertIn(self.shop_a.name, html)
        self.assertIn("王先生", html)
        self.assertIn("020-88886666", html)
        self.assertIn(self.advisor_a.name, html)  # the advisor at the handover
        self.assertIn(self.gm_a.name, html)
        self.assertNotIn(self.gm_b.name, html)
        zh = self.env(context={"lang": "zh_CN"})
        self.assertIn(format_date(zh, date(2026, 9, 8)), html)
        self.assertIn(f"{int(self.car_a.next_service_odometer)}公里", html)

    def test_shop_b_general_manager_never_signs_shop_a_letter(self):
        html_b = self.render(self.advisor_b, self.car_b)
        self.assertIn(self.gm_b.name, html_b)
        self.assertNotIn(self.gm_a.name, html_b)
        # a car of no shop, handed over by shop A: shop A's letter
        self.car_a.company_id = False
        html = self.render(self.advisor_a, self.car_a)
        self.assertIn(self.gm_a.name, html)
        self.assertNotIn(self.gm_b.name, html)
        self.assertNotIn(self.shop_b.name, html)

    def test_sending_mails_the_owner_the_pdf_and_registers_one_letter(self):
        car = self.car_a.with_user(self.advisor_a)
        car.action_send_welcome_letter()
        message = self.env["mail.message"].search(
            [
                ("model", "=", "fleet.vehicle"),
                ("res_id", "=", car.id),
                ("message_type", "=", "comment"),
            ]
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.car_a.owner_id)
        self.assertEqual(message.author_id, self.advisor_a.partner_id)
        self.assertEqual(len(message.attachment_ids), 1)
        # the PDF (in tests Odoo renders it as HTML, the name says what it is)
        self.assertEqual(
            message.attachment_ids.name[:-5],
            "新车交付欢迎信 - 粤A·W0608",
            message.attachment_ids.name,
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.recipient_ids, self.car_a.owner_id)
        letter = self.letters(self.car_a)
        self.assertEqual(len(letter), 1)
        self.assertEqual(
            (letter.channel, letter.state, letter.company_id, letter.partner_id, letter.user_id),
            ("letter", "done", self.shop_a, self.car_a.owner_id, self.advisor_a),
        )
        # sent again (the customer lost it): mailed again, still one line in the register
        car.action_send_welcome_letter()
        self.assertEqual(self.letters(self.car_a), letter)
        self.assertEqual(self.letters(self.car_b), self.letters(self.car_b).browse())

    def test_car_without_handover_is_refused(self):
        car = self.new_car(self.shop_a, "赵先生", "粤A·N0001", delivery_date=False)
        with self.refused(UserError, "交车日期"):
            car.with_user(self.advisor_a).with_context(lang="zh_CN").action_send_welcome_letter()
        with self.refused(UserError, "交车日期"):
            self.render(self.advisor_a, car)
        self.assertFalse(self.letters(car))
