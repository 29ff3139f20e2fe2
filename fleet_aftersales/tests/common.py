# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, time

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

#: the day the daily action runs in the callback and reminder tests
TODAY = date(2026, 6, 10)
#: the month the statistics tests count
JUNE = (date(2026, 6, 1), date(2026, 6, 30))


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


class StatisticsCase(FleetAftersalesCase):
    """A known month: 10 callbacks due in June 2026, answers, reasons, suggestions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_agent_ids = cls.agent
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.Statistics = cls.env["fleet.aftersales.statistics"]
        cls.tags = {
            key: cls.env["fleet.aftersales.reason.tag"].create({"name": name, "sequence": i})
            for i, (key, name) in enumerate(
                [
                    ("wait", "T-Wait"),
                    ("price", "T-Price"),
                    ("dirty", "T-Dirty"),
                    ("rude", "T-Rude"),
                    ("parts", "T-Parts"),
                    ("noise", "T-Noise"),
                ]
            )
        }
        cls.visit = cls.make_visit(date(2026, 5, 20), odometer=1000)
        cls.vehicle.warranty_end_date = date(2029, 1, 1)

        cls._create_satisfaction_calls()
        cls._create_other_calls()
        cls.env.flush_all()

    @classmethod
    def _make_callback(cls, day, kind="satisfaction", **vals):
        return cls.env["fleet.aftersales.callback"].create(
            {
                "callback_type": kind,
                "partner_id": cls.customer.id,
                "vehicle_id": cls.vehicle.id,
                "user_id": cls.agent.id,
                "date_due": day,
                **vals,
            }
        )

    @classmethod
    def _make_done(cls, cb, ratings, reasons=(), suggestion=False):
        reasons = list(reasons)
        for answer, rating in zip(cb.answer_ids.sorted("sequence"), ratings, strict=False):
            vals = {"rating": rating}
            if rating in ("1", "2"):
                tags = reasons.pop(0) if reasons else []
                vals["reason_tag_ids"] = [(6, 0, [cls.tags[t].id for t in tags])]
                vals["reason"] = False if tags else "No reason given"
            answer.write(vals)
        cb.answer_ids.filtered(lambda a: not a.rating).write({"rating": "5"})
        cb.suggestion = suggestion
        with freeze_time(datetime.combine(cb.date_due, datetime.min.time())):
            cb.action_done()
        return cb

    @classmethod
    def _create_satisfaction_calls(cls):
        # 8 satisfaction callbacks due in June, 6 done (the 2 pending ones: _create_other_calls)
        cls.first = cls._make_done(
            cls._make_callback(date(2026, 6, 2), visit_id=cls.visit.id),
            ["5", "5", "5", "5", "5", "5"],
            suggestion="More parking",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 3)),
            ["4", "5", "4", "5", "4", "5"],
            suggestion="More parking",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 4)),
            ["2", "1", "5", "5", "5", "5"],
            reasons=[["wait", "price"], ["wait"]],
            suggestion="Weekend opening",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 5)),
            ["5", "2", "3", "5", "5", "5"],
            reasons=[["dirty", "wait"]],
            suggestion="more parking ",
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 6)),
            ["1", "2", "5", "5", "5", "5"],
            reasons=[["rude"], ["parts", "price"]],
        )
        cls._make_done(
            cls._make_callback(date(2026, 6, 7)),
            ["5", "5", "5", "5", "5", "2"],
            reasons=[["noise"]],
            suggestion="Coffee",
        )

    @classmethod
    def _create_other_calls(cls):
        # the 2 satisfaction callbacks still pending
        cls._make_callback(date(2026, 6, 8))
        cls._make_callback(date(2026, 6, 9))
        # 2 new-car calls, 1 done; 1 cancelled (excluded); 1 in May and 1 in July (other months)
        cls._make_done(cls._make_callback(date(2026, 6, 10), kind="new_car"), ["5"])
        second_car = cls.env["fleet.vehicle"].create(
            {"model_id": cls.model.id, "license_plate": "粤A·22222", "owner_id": cls.customer.id}
        )
        cls._make_callback(date(2026, 6, 11), kind="new_car", vehicle_id=second_car.id)
        cls._make_callback(date(2026, 6, 12)).action_cancel()
        cls._make_callback(date(2026, 5, 31))
        cls._make_callback(date(2026, 7, 1))
