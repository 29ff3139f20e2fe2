# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time

from odoo.tests import TransactionCase, new_test_user


class FleetAftersalesCase(TransactionCase):
    """Fixtures built once: users of each group, a plan, a customer and a vehicle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company = cls.env.company
        cls.user = new_test_user(
            cls.env,
            "fa_advisor",
            name="Advisor Wang",
            groups="fleet_aftersales.fleet_aftersales_group_advisor",
            tz="UTC",
        )
        cls.agent = new_test_user(
            cls.env,
            "fa_agent",
            name="Agent Zhou",
            groups="fleet_aftersales.fleet_aftersales_group_agent",
            tz="UTC",
        )
        cls.manager = new_test_user(
            cls.env,
            "fa_manager",
            name="Manager Sun",
            groups="fleet_aftersales.fleet_aftersales_group_manager",
            tz="UTC",
        )
        cls.accountant = new_test_user(
            cls.env,
            "fa_accountant",
            name="Accountant Qian",
            groups="account.group_account_invoice,fleet_aftersales.fleet_aftersales_group_user",
            tz="UTC",
        )
        cls.brand = cls.env["fleet.vehicle.model.brand"].create({"name": "TestBrand"})
        cls.model = cls.env["fleet.vehicle.model"].create(
            {"name": "Model T1", "brand_id": cls.brand.id}
        )
        cls.plan = cls.env["fleet.aftersales.maintenance.plan"].create(
            {
                "name": "Test plan 6 months / 5000 km",
                "sequence": 1,
                "interval_months": 6,
                "interval_km": 5000,
                "first_service_months": 3,
                "first_service_km": 3000,
                "brand_ids": [(6, 0, cls.brand.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Zhang Wei",
                "mobile": "13800138000",
                "street": "Tianhe Road 385",
                "city": "Guangzhou",
            }
        )
        cls.vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.model.id,
                "license_plate": "粤A·12345",
                "vin_sn": "LGXCE4CB8N0012345",
                "owner_id": cls.customer.id,
            }
        )

    @staticmethod
    def at(day, hour=10):
        """A naive UTC datetime on ``day`` at ``hour`` o'clock."""
        return datetime.combine(day, time(hour))

    @classmethod
    def make_visit(
        cls, day, odometer=0.0, visit_type="maintenance", vehicle=None, deliver=True, **vals
    ):
        visit = cls.env["fleet.aftersales.visit"].create(
            {
                "vehicle_id": (vehicle or cls.vehicle).id,
                "advisor_id": cls.user.id,
                "visit_type": visit_type,
                "reception_datetime": cls.at(day, 9),
                "odometer": odometer,
                **vals,
            }
        )
        if deliver:
            visit.write({"delivery_datetime": cls.at(day, 17)})
            visit.action_deliver()
        return visit
