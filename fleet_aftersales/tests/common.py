# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.tests import TransactionCase, new_test_user

#: the day the daily action runs in the callback and reminder tests
TODAY = date(2026, 6, 10)
#: the month the statistics tests count
JUNE = (date(2026, 6, 1), date(2026, 6, 30))


def make_car_range(env, brand_name, model_name, plan_name):
    """A brand, a model of it and its maintenance plan: 6 months / 5,000 km, first service
    at 3 months / 3,000 km."""
    brand = env["fleet.vehicle.model.brand"].create({"name": brand_name})
    model = env["fleet.vehicle.model"].create({"name": model_name, "brand_id": brand.id})
    plan = env["fleet.aftersales.maintenance.plan"].create(
        {
            "name": plan_name,
            "sequence": 1,
            "interval_months": 6,
            "interval_km": 5000,
            "first_service_months": 3,
            "first_service_km": 3000,
            "brand_ids": [(6, 0, brand.ids)],
        }
    )
    return brand, model, plan


# ---- field specifications, as the web client builds them from an arch (the query-count
# tests of the forms and benchmarks/bench_views.py: one piece of code) -------------------


def arch_spec(model, node):
    """The web_read specification of the fields of ``node`` (an arch element): every
    field, many2ones with their ``display_name``, x2many lists with their columns (limit
    40), not the fields of the x2many sub-views (each x2many's spec holds its own)."""
    spec = {}
    for field in node.iter("field"):
        name = field.get("name")
        if _field_owner(field) is None and name in model._fields:
            spec[name] = _field_spec(model, field, model._fields[name])
    return spec


def _field_owner(field):
    """The closest x2many field element holding ``field``, or None (the root)."""
    for parent in field.iterancestors():
        if parent.tag == "field":
            return parent
    return None


def _field_spec(model, node, field):
    if field.type == "many2one":
        return {"fields": {"display_name": {}}}
    if field.type in ("one2many", "many2many"):
        comodel = model.env[field.comodel_name]
        sub = next((c for c in node if c.tag in ("list", "kanban")), None)
        if sub is None:
            return {"fields": {"display_name": {}}}
        fields = {}
        for f in sub.iter("field"):
            if _field_owner(f) is node and f.get("name") in comodel._fields:
                fields[f.get("name")] = _field_spec(comodel, f, comodel._fields[f.get("name")])
        return {"fields": fields, "limit": 40, "order": ""}
    return {}


def form_spec(env, model_name, view_xmlid):
    """The web_read specification of the form ``view_xmlid`` as ``env``'s user gets it."""
    model = env[model_name]
    view = env.ref(view_xmlid)
    arch = model.get_views([(view.id, "form")])["views"]["form"]["arch"]
    return arch_spec(model, etree.fromstring(arch))


class FleetAftersalesCase(TransactionCase):
    """Fixtures built once: users of each group, a plan, a customer and a vehicle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company = cls.env.company
        # these fixtures work on the main company as Odoo installs it (UTC, its standard
        # calendar), whatever the demo made of it (a Guangzhou shop in China time)
        cls.company.partner_id.tz = False
        cls.company.resource_calendar_id = cls.env.ref("resource.resource_calendar_std")
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
        cls.brand, cls.model, cls.plan = make_car_range(
            cls.env, "TestBrand", "Model T1", "Test plan 6 months / 5000 km"
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


#: the dealer's clock
BEIJING = pytz.timezone("Asia/Shanghai")


def beijing(day, hour, minute=0):
    """The UTC moment (for ``freeze_time``) of ``day`` at ``hour:minute`` Beijing time."""
    local = BEIJING.localize(datetime.combine(day, time(hour, minute)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


class DealerGroupCase(TransactionCase):
    """A Guangdong dealer group as it runs the module.

    Two 4S shops, one company each, in Asia/Shanghai; in each, zh_CN users of every role
    (advisor, agent, manager, accountant) who work in that shop only, and a group manager
    of both; the group's history on install day: customers of each shop last seen 3 to 13
    months before ``TODAY`` (a delivered service visit each, month ``k`` for customer
    ``k``). OdooBot, who runs the scheduled actions, keeps its own time zone (UTC). The
    flows run as the role users (``with_user``), the clock frozen in Beijing time
    (:meth:`at_beijing`).
    """

    #: months since the last visit of the history customers
    HISTORY_MONTHS = range(3, 14)
    #: the language the fixture's data is typed in (its "… created" notes in the chatter,
    #: as the staff's web client writes them); a test of the screens sets the dealer's
    #: zh_CN, with every installed module's words in it, Odoo's own too
    DATA_LANG = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the dealer reads Chinese: the module's translations loaded, as on install
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env.ref("base.module_fleet_aftersales")._update_translations(["zh_CN"])
        if cls.DATA_LANG:
            cls._use_data_lang(cls.DATA_LANG)
        cls.cny = cls.env.ref("base.CNY")
        cls.brand, cls.car_model, cls.plan = make_car_range(
            cls.env, "丰田", "卡罗拉", "丰田 6个月/5000公里"
        )
        cls.shop_a = cls._make_shop("广州天河丰田4S店", "a")
        cls.shop_b = cls._make_shop("佛山南海丰田4S店", "b")
        cls.group_manager = new_test_user(
            cls.env,
            "fa_group_manager",
            name="集团售后总监",
            groups="fleet_aftersales.fleet_aftersales_group_manager",
            company_id=cls.shop_a.id,
            company_ids=[(6, 0, (cls.shop_a | cls.shop_b).ids)],
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        for shop in (cls.shop_a, cls.shop_b):
            cls._make_history(shop)

    @classmethod
    def _use_data_lang(cls, lang):
        """Type the fixture's data in ``lang``, every installed module translated in it."""
        cls.env["res.lang"]._activate_lang(lang)
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations([lang])
        cls.env = cls.env(context=dict(cls.env.context, lang=lang))

    @classmethod
    def _make_shop(cls, name, key):
        """A 4S shop: its company in Asia/Shanghai and zh_CN, and its staff."""
        # the shops' hours: open daily, lunch 11:30-14:00, China's public holidays
        calendar = cls.env.ref("fleet_aftersales.resource_calendar_dealer")
        calendar._aftersales_sync_public_holidays()
        shop = cls.env["res.company"].create(
            {
                "name": name,
                "currency_id": cls.cny.id,
                "country_id": cls.env.ref("base.cn").id,
                "resource_calendar_id": calendar.id,
            }
        )
        shop.partner_id.write({"tz": "Asia/Shanghai", "lang": "zh_CN"})
        shop.resource_calendar_id.tz = "Asia/Shanghai"
        for role, group, label in (
            ("advisor", "fleet_aftersales.fleet_aftersales_group_advisor", "服务顾问"),
            ("agent", "fleet_aftersales.fleet_aftersales_group_agent", "客服专员"),
            ("manager", "fleet_aftersales.fleet_aftersales_group_manager", "售后经理"),
            (
                "accountant",
                "account.group_account_invoice,fleet_aftersales.fleet_aftersales_group_user",
                "会计",
            ),
        ):
            user = new_test_user(
                cls.env,
                f"fa_{role}_{key}",
                name=f"{name[:4]}{label}",
                groups=group,
                company_id=shop.id,
                company_ids=[(6, 0, shop.ids)],
                lang="zh_CN",
                tz="Asia/Shanghai",
            )
            setattr(cls, f"{role}_{key}", user)
        shop.write(
            {
                "aftersales_agent_ids": [(6, 0, getattr(cls, f"agent_{key}").ids)],
                "aftersales_manager_id": getattr(cls, f"manager_{key}").id,
            }
        )
        return shop

    @classmethod
    def _make_history(cls, shop):
        """Customers of ``shop`` last seen ``k`` months before ``TODAY``, k in
        ``HISTORY_MONTHS``, each with a car and a delivered service visit."""
        key = "a" if shop == cls.shop_a else "b"
        customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"{key.upper()}客户{k:02d}",
                    "mobile": f"1380013{ord(key):02d}{k:02d}",
                    "street": "天河路385号",
                    "city": "广州",
                    "lang": "zh_CN",
                    "company_id": shop.id,
                }
                for k in cls.HISTORY_MONTHS
            ]
        )
        vehicles = cls.env["fleet.vehicle"].create(
            [
                {
                    "model_id": cls.car_model.id,
                    "license_plate": f"粤{key.upper()}·{k:05d}",
                    "vin_sn": f"LFV{key.upper()}{k:013d}",
                    "owner_id": customer.id,
                    "company_id": shop.id,
                }
                for k, customer in zip(cls.HISTORY_MONTHS, customers, strict=True)
            ]
        )
        visits = cls.env["fleet.aftersales.visit"].create(
            [
                {
                    "vehicle_id": vehicle.id,
                    "advisor_id": getattr(cls, f"advisor_{key}").id,
                    "company_id": shop.id,
                    "visit_type": "maintenance",
                    "reception_datetime": beijing(TODAY - relativedelta(months=k), 9),
                    "delivery_datetime": beijing(TODAY - relativedelta(months=k), 17),
                    "odometer": 1000.0 * k,
                }
                for k, vehicle in zip(cls.HISTORY_MONTHS, vehicles, strict=True)
            ]
        )
        visits.action_deliver()
        setattr(cls, f"history_{key}", customers)

    @classmethod
    def make_second_agent_a(cls):
        """A second callback agent of shop A, not in the shop's list of agents (the daily
        action gives it nothing): a colleague to take or hand over calls."""
        return cls.make_shop_user(
            cls.shop_a,
            "fa_agent_a2",
            "天河客服专员二",
            "fleet_aftersales.fleet_aftersales_group_agent",
        )

    @classmethod
    def make_shop_user(cls, shop, login, name, groups):
        """One more zh_CN user of ``shop`` (Asia/Shanghai), of the ``groups`` xmlids."""
        return new_test_user(
            cls.env,
            login,
            name=name,
            groups=groups,
            company_id=shop.id,
            company_ids=[(6, 0, shop.ids)],
            lang="zh_CN",
            tz="Asia/Shanghai",
        )

    @classmethod
    def ensure_accounting(cls, shop):
        """Odoo's generic chart of accounts in ``shop`` when it has no sales journal yet
        (the shop's accountant posts invoices)."""
        if not cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", shop.id)]
        ):
            cls.env["account.chart.template"].try_loading("generic_coa", shop, install_demo=False)

    @classmethod
    def close_shop(cls, shop, day, name):
        """A public holiday ``name`` on ``day``: a leave of the shop's calendar, all day in
        Beijing time."""
        shop.resource_calendar_id.leave_ids = [
            (
                0,
                0,
                {"name": name, "date_from": beijing(day, 0), "date_to": beijing(day, 23, 59)},
            )
        ]

    @classmethod
    def make_portal_user(cls, partner, login):
        """The portal login of the customer ``partner`` (their own side, /my), in the
        customer's shop and language, Asia/Shanghai, as the portal wizard makes it."""
        return new_test_user(
            cls.env,
            login,
            groups="base.group_portal",
            partner_id=partner.id,
            # (new_test_user would rename the customer and change their e-mail otherwise)
            name=partner.name,
            email=partner.email or f"{login}@example.com",
            company_id=partner.company_id.id or cls.shop_a.id,
            company_ids=[(6, 0, (partner.company_id or cls.shop_a).ids)],
            lang=partner.lang or "zh_CN",
            tz="Asia/Shanghai",
        )

    @classmethod
    def make_call(cls, key, kind, day, partner, **vals):
        """A call of ``kind`` of shop ``key`` for ``partner``, due on ``day``, created and
        assigned to the shop's agent by himself (inside the caller's frozen clock)."""
        agent = getattr(cls, f"agent_{key}")
        return (
            cls.env["fleet.aftersales.callback"]
            .with_user(agent)
            .create(
                {
                    "callback_type": kind,
                    "partner_id": partner.id,
                    "date_due": day,
                    "user_id": agent.id,
                    **vals,
                }
            )
        )

    @classmethod
    def receive_visit(cls, vehicle, day, odometer, hour=9, minute=0):
        """A visit of ``vehicle`` received by its shop's advisor (as him) on ``day`` at
        ``hour:minute`` Beijing time, not delivered yet."""
        advisor = cls.advisor_a if vehicle.company_id == cls.shop_a else cls.advisor_b
        return (
            cls.env["fleet.aftersales.visit"]
            .with_user(advisor)
            .create(
                {
                    "vehicle_id": vehicle.id,
                    "reception_datetime": beijing(day, hour, minute),
                    "odometer": odometer,
                }
            )
        )

    def deliver_visit(self, vehicle, day, hour, odometer=20000.0, visit_type="maintenance", **vals):
        """A visit of ``vehicle`` received by its shop's advisor half an hour before
        ``day`` ``hour``:00 Beijing time and delivered then, both as the advisor; ``vals``:
        more of its values (a campaign, free of charge)."""
        advisor = self.advisor_a if vehicle.company_id == self.shop_a else self.advisor_b
        visit = (
            self.env["fleet.aftersales.visit"]
            .with_user(advisor)
            .create(
                {
                    "vehicle_id": vehicle.id,
                    "advisor_id": advisor.id,
                    "visit_type": visit_type,
                    "reception_datetime": beijing(day, hour) - timedelta(minutes=30),
                    "odometer": odometer,
                    **vals,
                }
            )
        )
        with self.at_beijing(day, hour):
            visit.action_deliver()
        return visit

    @classmethod
    def make_two_shop_customer(cls, months_a, months_b, name="两店客户"):
        """A customer of both shops: a car of no shop, serviced and delivered in shop A
        ``months_a`` months before ``TODAY`` and in shop B ``months_b`` months before."""
        customer = cls.env["res.partner"].create({"name": name, "mobile": "13900000000"})
        car = cls.env["fleet.vehicle"].create(
            {"model_id": cls.car_model.id, "owner_id": customer.id, "company_id": False}
        )
        for shop, months in ((cls.shop_a, months_a), (cls.shop_b, months_b)):
            day = TODAY - relativedelta(months=months)
            cls.env["fleet.aftersales.visit"].create(
                {
                    "vehicle_id": car.id,
                    "company_id": shop.id,
                    "reception_datetime": beijing(day, 9),
                    "delivery_datetime": beijing(day, 17),
                }
            ).action_deliver()
        return customer

    @contextmanager
    def refused(self, exception, regex):
        """``exception`` matching ``regex`` is raised, and what the refused call wrote
        is rolled back (``assertRaisesRegex`` alone keeps it)."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield

    @staticmethod
    def at_beijing(day, hour, minute=0):
        """``freeze_time`` at ``day`` ``hour:minute`` Beijing time."""
        return freeze_time(beijing(day, hour, minute))

    def run_action(self, xmlid, day=TODAY, hour=1, minute=0):
        """Run a scheduled action as Odoo does (its user, OdooBot), on ``day`` at
        ``hour:minute`` Beijing time: 01:00 is still the previous day in UTC, 23:30 too."""
        cron = self.env.ref(xmlid)
        with self.at_beijing(day, hour, minute):
            cron.method_direct_trigger()
