# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TODAY, DealerGroupCase, beijing

CRON = "fleet_aftersales.ir_cron_update_loyalty"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestLoyaltyAndClub(DealerGroupCase):
    """Tiers from 24 months of visits and invoices, per shop's thresholds; the car club's
    members, their welcome call and the figures by tier and by membership."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ensure_accounting(cls.shop_a)
        cls.wang = cls._customer(cls.shop_a, "王忠实", (1, 5, 10, 20, 26))
        cls.li = cls._customer(cls.shop_a, "李常来", (2, 8))
        cls.zhao = cls._customer(cls.shop_b, "赵贵宾", (1, 2, 3, 4, 5, 6, 7, 8))

    @classmethod
    def _customer(cls, shop, name, months):
        """A customer of ``shop`` with a car and a delivered visit ``k`` months before
        ``TODAY`` for each ``k`` of ``months``."""
        partner = cls.env["res.partner"].create(
            {"name": name, "mobile": "13800138000", "company_id": shop.id, "lang": "zh_CN"}
        )
        car = cls.env["fleet.vehicle"].create(
            {"model_id": cls.car_model.id, "owner_id": partner.id, "company_id": shop.id}
        )
        visits = cls.env["fleet.aftersales.visit"].create(
            [
                {
                    "vehicle_id": car.id,
                    "company_id": shop.id,
                    "reception_datetime": beijing(TODAY - relativedelta(months=k), 9),
                    "delivery_datetime": beijing(TODAY - relativedelta(months=k), 17),
                }
                for k in months
            ]
        )
        visits.action_deliver()
        return partner

    def _invoice(self, visit, amount):
        """A posted invoice of ``visit`` for ``amount`` (no tax), by shop A's accountant."""
        move = (
            self.env["account.move"]
            .with_user(self.accountant_a)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": visit.partner_id.id,
                    "invoice_date": TODAY,
                    "aftersales_visit_id": visit.id,
                    "invoice_line_ids": [
                        (0, 0, {"name": "保养", "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        with self.at_beijing(TODAY, 10):
            move.action_post()
        return move

    def _wang_visits(self):
        return self.env["fleet.aftersales.visit"].search(
            [("partner_id", "=", self.wang.id)], order="delivery_datetime desc"
        )

    def test_tiers_from_visits_and_invoices_by_each_shops_thresholds(self):
        visits = self._wang_visits()
        self._invoice(visits[0], 2000.0)
        self._invoice(visits[1], 1500.0)
        # posting recomputes at once: 4 visits in 24 months (not the one 26 months ago)
        self.assertRecordValues(
            self.wang,
            [
                {
                    "aftersales_loyalty_tier": "loyal",
                    "aftersales_visits_24m": 4,
                    "aftersales_spend_24m": 3500.0,
                }
            ],
        )
        # shop B's manager asks no spend of a VIP: 8 visits make one there, not in shop A
        self.shop_b.with_user(self.manager_b).write(
            {"aftersales_loyal_min_spend": 0.0, "aftersales_vip_min_spend": 0.0}
        )
        self.run_action(CRON, TODAY, 2)
        self.assertRecordValues(
            self.li | self.zhao | self.history_a[0],
            [
                {"aftersales_loyalty_tier": "regular", "aftersales_visits_24m": 2},
                {"aftersales_loyalty_tier": "vip", "aftersales_visits_24m": 8},
                {"aftersales_loyalty_tier": "none", "aftersales_visits_24m": 1},
            ],
        )
        # idempotent: the day's run is done, the next one selects no customer
        with self.at_beijing(TODAY, 3):
            self.assertFalse(self.env["res.partner"]._cron_update_loyalty())
        # five months on, the visit of 20 months ago is out of the 24 months: regular
        self.run_action(CRON, TODAY + relativedelta(months=5), 2)
        self.assertRecordValues(
            self.wang,
            [
                {
                    "aftersales_loyalty_tier": "regular",
                    "aftersales_visits_24m": 3,
                    "aftersales_spend_24m": 3500.0,
                }
            ],
        )
        loyal = (
            self.env["res.partner"]
            .with_user(self.manager_a)
            .search([("aftersales_loyalty_tier", "in", ("loyal", "vip"))])
        )
        self.assertEqual(loyal, self.env["res.partner"])

    def test_thresholds_must_ascend(self):
        shop = self.shop_a.with_user(self.manager_a)
        with self.refused(ValidationError, "loyalty tier"):
            shop.write({"aftersales_regular_min_visits": 5})
        with self.refused(ValidationError, "loyalty tier"):
            shop.write({"aftersales_vip_min_spend": -1.0})
        shop.write({"aftersales_loyal_min_visits": 3, "aftersales_loyal_min_spend": 0.0})
        self.assertEqual(self.shop_a.aftersales_loyal_min_visits, 3)

    def test_club_card_unique_per_shop_and_validated(self):
        with self.at_beijing(TODAY, 10):
            self.li.with_user(self.advisor_a).write(
                {"is_club_member": True, "club_card_number": "TH-0001", "club_level": "gold"}
            )
            self.assertRecordValues(
                self.li,
                [{"club_join_date": TODAY, "club_company_id": self.shop_a.id}],
            )
            with mute_logger("odoo.sql_db"), self.refused(Exception, "club_card_number_uniq"):
                self.wang.with_user(self.advisor_a).write(
                    {"is_club_member": True, "club_card_number": "TH-0001"}
                )
                self.env.flush_all()
            with self.refused(ValidationError, "4 to 20"):
                self.wang.with_user(self.advisor_a).write(
                    {"is_club_member": True, "club_card_number": "卡 1"}
                )
            # the same number in the other shop's club is another card
            self.zhao.with_user(self.advisor_b).write(
                {"is_club_member": True, "club_card_number": "TH-0001"}
            )
            self.assertEqual(self.zhao.club_company_id, self.shop_b)

    def test_welcome_call_once_with_the_clubs_questions_and_script(self):
        with self.at_beijing(TODAY, 10):
            self.li.with_user(self.advisor_a).write({"is_club_member": True})
        Callback = self.env["fleet.aftersales.callback"]
        for _run in range(2):
            self.run_action(
                "fleet_aftersales.ir_cron_generate_callbacks", TODAY + relativedelta(days=1), 2
            )
        calls = Callback.search(
            [
                ("callback_type", "=", "club_member"),
                ("company_id", "in", (self.shop_a | self.shop_b).ids),
            ]
        )
        self.assertEqual(calls.partner_id, self.li)
        self.assertEqual(len(calls), 1)
        call = calls.with_user(calls.user_id).with_context(lang="zh_CN")
        self.assertEqual(call.company_id, self.shop_a)
        self.assertEqual(call.reminder_date, TODAY)
        self.assertIn("李常来", call.call_script)
        questions = call.answer_ids.question_id
        self.assertEqual(
            questions,
            self.env.ref("fleet_aftersales.question_club_welcome")
            | self.env.ref("fleet_aftersales.question_club_benefits"),
        )

    def test_statistics_and_monthly_pdf_by_tier_and_membership(self):
        visits = self._wang_visits()
        self._invoice(visits[0], 2000.0)
        self._invoice(visits[1], 1500.0)
        with self.at_beijing(TODAY, 10):
            self.wang.with_user(self.advisor_a).write({"is_club_member": True})
            self.zhao.with_user(self.advisor_b).write({"is_club_member": True})
        # May: wang's visit and a satisfied call; li's call not done
        may = TODAY - relativedelta(months=1)
        with self.at_beijing(may, 10):
            done = self.make_call("a", "satisfaction", may, self.wang)
            self.make_call("a", "satisfaction", may, self.li)
            self.make_call("b", "satisfaction", may, self.zhao)
        call = done.with_user(self.agent_a)
        call.answer_ids.write({"rating": "5"})
        with self.at_beijing(may, 11):
            call.action_done()
        Statistics = self.env["fleet.aftersales.statistics"].with_user(self.manager_a)
        stats = Statistics._get_statistics(self.shop_a, *Statistics._month_bounds(may))
        self.assertEqual(stats["loyal_customers"], 1)
        self.assertEqual(stats["club_members"], 1)
        rows = {row["name"]: row for row in stats["loyalty_by_tier"]}
        self.assertEqual(
            [
                (r["customers"], r["due"], r["done"], r["satisfied"], r["visits"])
                for r in rows.values()
            ],
            [(0, 0, 0, 0, 0), (1, 1, 1, 1, 1), (1, 1, 0, 0, 0), (11, 0, 0, 0, 0)],
        )
        member, other = stats["loyalty_by_club"]
        self.assertEqual(
            (
                member["customers"],
                member["callback_rate"],
                member["satisfaction_rate"],
                member["visits"],
            ),
            (1, 100.0, 100.0, 1),
        )
        self.assertEqual((other["customers"], other["due"], other["done"]), (12, 1, 0))
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(lang="zh_CN")
            ._render_qweb_html(
                "fleet_aftersales.action_report_monthly_statistics",
                self.shop_a.ids,
                data={"month": str(may)},
            )
        )
        html = html.decode()
        self.assertIn("广州天河丰田4S店", html)
        self.assertIn("月维修回访结果统计表", html)
        self.assertIn("第 1 页 / 共 3 页", html)
        self.assertNotIn("赵贵宾", html)
