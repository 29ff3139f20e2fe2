# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, time

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

#: the day the daily action runs in the callback and reminder tests
TODAY = date(2026, 6, 10)


class FleetAftersalesCase(TransactionCase):
    """Fixtures built once: users of each group, a plan, a customer and a vehicle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company = cls.env.company
        for attr, login, name, groups in (
            (
                "user",
                "fa_advisor",
                "Advisor Wang",
                "fleet_aftersales.fleet_aftersales_group_advisor",
            ),
            ("agent", "fa_agent", "Agent Zhou", "fleet_aftersales.fleet_aftersales_group_agent"),
            (
                "manager",
                "fa_manager",
                "Manager Sun",
                "fleet_aftersales.fleet_aftersales_group_manager",
            ),
            (
                "accountant",
                "fa_accountant",
                "Accountant Qian",
                "account.group_account_invoice,fleet_aftersales.fleet_aftersales_group_user",
            ),
        ):
            setattr(cls, attr, new_test_user(cls.env, login, name=name, groups=groups, tz="UTC"))
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
        cls.Callback = cls.env["fleet.aftersales.callback"]
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

    def run_cron(self, day=TODAY):
        """The daily action that creates the callbacks, run on ``day`` (06:00 UTC)."""
        with freeze_time(f"{day} 06:00:00"):
            return self.env["fleet.aftersales.callback.generator"]._cron_generate_callbacks()

    def of(self, callbacks, kind, partner=None):
        """The callbacks of ``kind`` among ``callbacks`` for ``partner`` (the customer)."""
        return callbacks.filtered(
            lambda c: c.callback_type == kind and c.partner_id == (partner or self.customer)
        )


class ReminderCase(FleetAftersalesCase):
    """Reminders: one agent makes every call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_agent_ids = cls.agent

    def reminders(self, kind, partner=None):
        return self.Callback.search(
            [("callback_type", "=", kind), ("partner_id", "=", (partner or self.customer).id)]
        )


class ComplaintCase(FleetAftersalesCase):
    """Complaints: an owner of their own, a manager, the workshop without manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_agent_ids = cls.agent | cls.user
        cls.company.aftersales_manager_id = cls.manager
        cls.owner = new_test_user(
            cls.env,
            "fa_owner",
            name="Owner Zhao",
            groups="fleet_aftersales.fleet_aftersales_group_agent",
            tz="UTC",
        )
        cls.workshop = cls.env.ref("fleet_aftersales.department_workshop")
        cls.workshop.manager_id = False

    def new_complaint(self, **vals):
        return self.env["fleet.aftersales.complaint"].create(
            {
                "partner_id": self.customer.id,
                "vehicle_id": self.vehicle.id,
                "description": "The noise came back two days after the repair.",
                "category_id": self.env.ref(
                    "fleet_aftersales.complaint_category_repair_quality"
                ).id,
                "department_id": self.workshop.id,
                **vals,
            }
        )

    def activities(self, record, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )
