# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DealerGroupCase

LANDING = "/odoo/action-fleet_aftersales.fleet_aftersales_action_landing"


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestZhCnTours(HttpCase, DealerGroupCase):
    """Each role of shop A reads its landing page and main screens in zh_CN: the tours
    (``static/tests/tours/zh_cn_tours.js``) fail on any English word they see, names the
    dealer typed aside (read from the database as the user: the allow-list)."""

    #: the data typed in Chinese by the dealer's staff, Odoo's own words in Chinese too
    DATA_LANG = "zh_CN"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_day_of_shop_a()

    @classmethod
    def _make_day_of_shop_a(cls):
        """Shop A's day as its staff made it, in Chinese: a car in the workshop, a call
        due, a complaint, a booking and a care campaign."""
        today = cls.shop_a._aftersales_today()
        customers = cls.history_a
        cls.env["fleet.aftersales.visit"].with_user(cls.advisor_a).create(
            {
                "vehicle_id": customers[0].vehicle_ids[:1].id,
                "reception_datetime": fields.Datetime.now() - timedelta(minutes=30),
                "odometer": 15000.0,
                "description": "<p>更换机油机滤，检查刹车片</p>",
            }
        )
        cls.make_call("a", "satisfaction", today, customers[1])
        cls.env["fleet.aftersales.complaint"].with_user(cls.agent_a).create(
            {
                "partner_id": customers[2].id,
                "vehicle_id": customers[2].vehicle_ids[:1].id,
                "description": "保养后两天异响又出现了。",
                "category_id": cls.env.ref("fleet_aftersales.complaint_category_repair_quality").id,
                "department_id": cls.env.ref("fleet_aftersales.department_workshop").id,
            }
        )
        Booking = cls.env["fleet.aftersales.appointment"].with_user(cls.agent_a)
        Booking.create(
            {
                "vehicle_id": customers[3].vehicle_ids[:1].id,
                "advisor_id": cls.advisor_a.id,
                "date_start": Booking._next_free_slot(
                    cls.shop_a, cls.advisor_a, fields.Datetime.now()
                ),
            }
        )
        cls.env["fleet.aftersales.campaign"].with_user(cls.manager_a).create(
            {
                "name": "夏季空调免费检测",
                "date": today + timedelta(days=20),
                "place": "天河店售后服务区",
            }
        )

    def _tour(self, role):
        self.start_tour(LANDING, f"fleet_aftersales_zh_cn_{role}_tour", login=f"fa_{role}_a")

    def test_advisor_reads_chinese_only(self):
        self._tour("advisor")

    def test_agent_reads_chinese_only(self):
        self._tour("agent")

    def test_manager_reads_chinese_only(self):
        self._tour("manager")

    def test_accountant_reads_chinese_only(self):
        self._tour("accountant")
