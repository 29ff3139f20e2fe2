# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A believable 4S dealer for the demo database (loaded by demo/fleet_aftersales_demo.xml).

Deterministic (fixed seed), dated relative to the day it is loaded, so that every screen
has something to show: ~30 customers, ~40 cars with odometer histories, ~120 visits over
14 months, callbacks and complaints in every state, lost customers and a campaign.
"""

import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "丽华",
    "国庆",
    "春梅",
    "文博",
]
STREETS = [
    "天河路",
    "体育西路",
    "中山大道",
    "珠江新城花城大道",
    "深南大道",
    "滨海大道",
    "季华路",
    "东莞大道",
    "白云大道",
    "环市东路",
]
CITIES = [("广州", "粤A"), ("深圳", "粤B"), ("佛山", "粤E"), ("东莞", "粤S")]
MODELS = [
    ("fleet.brand_byd", "汉 EV"),
    ("fleet.brand_byd", "秦PLUS DM-i"),
    ("fleet.brand_toyota", "卡罗拉"),
    ("fleet.brand_volkswagen", "朗逸"),
    ("fleet.brand_volkswagen", "帕萨特"),
    ("fleet.brand_honda", "雅阁"),
]
SUGGESTIONS = [
    "增加停车位",
    "周末延长营业时间",
    "休息区提供免费WiFi",
    "提供上门取送车",
    "保养前电话报价",
]
COMPLAINTS = [
    ("repair_quality", "workshop", "保养后发动机异响，第二天又出现。"),
    ("delivery_time", "reception", "承诺下午三点交车，实际等到六点。"),
    ("price", "cashier", "结算金额比报价高出三百元，没有提前说明。"),
    ("attitude", "reception", "接待人员态度冷淡，没有解释维修项目。"),
    ("parts", "parts", "配件缺货，等了两周还没到。"),
    ("facilities", "customer_care", "休息区空调不制冷。"),
]


class FleetAftersalesDemo(models.AbstractModel):
    _name = "fleet.aftersales.demo"
    _description = "After-Sales Demo Data"

    @api.model
    def _generate(self):
        """Generate the demo dealer once: Odoo reloads demo files on every module update
        (make demo runs one), and the dealer's agents mark that it was generated."""
        if (
            self.env["res.users"]
            .with_context(active_test=False)
            .search_count([("login", "=", "agent.zhou")])
        ):
            return False
        rng = random.Random(4)
        env = self.env(
            context=dict(self.env.context, tracking_disable=True, mail_activity_quick_update=True)
        )
        today = fields.Date.context_today(self)
        company = env.company
        ref = env.ref

        def user(login, name, group):
            existing = env["res.users"].search([("login", "=", login)])
            return existing or env["res.users"].create(
                {
                    "login": login,
                    "password": login,
                    "name": name,
                    "tz": "Asia/Shanghai",
                    "groups_id": [(4, ref(group).id)],
                }
            )

        advisors = (
            ref("fleet_aftersales.user_advisor_wang")
            | ref("fleet_aftersales.user_advisor_li")
            | user("advisor.zhao", "赵敏", "fleet_aftersales.fleet_aftersales_group_advisor")
        )
        agents = user("agent.zhou", "周婷", "fleet_aftersales.fleet_aftersales_group_agent") | user(
            "agent.wu", "吴磊", "fleet_aftersales.fleet_aftersales_group_agent"
        )
        manager = user("manager.sun", "孙经理", "fleet_aftersales.fleet_aftersales_group_manager")
        manager.email = "manager.sun@example.com"
        # the dealer's staff work in China time, so "today" is the same day for all of them
        (advisors | agents | manager | ref("base.user_admin")).write({"tz": "Asia/Shanghai"})
        company.write(
            {"aftersales_agent_ids": [(6, 0, agents.ids)], "aftersales_manager_id": manager.id}
        )
        ref("fleet_aftersales.department_workshop").manager_id = manager

        vehicle_models = env["fleet.vehicle.model"]
        for brand, name in MODELS:
            vehicle_models |= env["fleet.vehicle.model"].search(
                [("name", "=", name), ("brand_id", "=", ref(brand).id)]
            ) or env["fleet.vehicle.model"].create(
                {"name": name, "brand_id": ref(brand).id, "vehicle_type": "car"}
            )

        # customers
        partner_vals = []
        for i in range(30):
            city, _prefix = CITIES[i % len(CITIES)]
            window = rng.choice([0.0, 9.0, 12.0, 18.5])
            partner_vals.append(
                {
                    "name": SURNAMES[i] + GIVEN[i],
                    "mobile": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                    "street": f"{rng.choice(STREETS)} {rng.randint(1, 999)} 号" if i % 9 else False,
                    "city": city,
                    "country_id": ref("base.cn").id,
                    "birthday": today
                    - relativedelta(years=rng.randint(25, 60), days=rng.randint(-20, 340)),
                    "preferred_channel": rng.choice(["phone"] * 6 + ["sms", "email", "letter"]),
                    "email": f"customer{i}@example.com",
                    "call_window_start": window,
                    "call_window_end": min(window + 3, 22.0) if window else 0.0,
                    "is_club_member": i % 4 == 0,
                    "followup_user_id": agents[i % 2].id,
                    "desired_services": rng.choice(
                        ["保养到期提醒", "上门取送车", "续保报价", "俱乐部活动通知", False]
                    ),
                }
            )
        partners = env["res.partner"].create(partner_vals)

        # vehicles: the first 30 one per customer, 10 more for the first customers
        vehicle_vals = []
        for i in range(40):
            partner = partners[i % 30]
            _city, prefix = CITIES[(i % 30) % len(CITIES)]
            new_car = i % 5 == 0
            vehicle_vals.append(
                {
                    "model_id": vehicle_models[i % len(vehicle_models)].id,
                    "license_plate": f"{prefix}·{rng.choice('ABCDEFGHJK')}{rng.randint(1000, 9999)}",
                    "vin_sn": "LGX"
                    + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(14))
                    if i % 11
                    else False,
                    "owner_id": partner.id,
                    "driver_id": partner.id,
                    "delivery_date": today - timedelta(days=rng.randint(8, 400))
                    if new_car
                    else False,
                    "insurance_expiry_date": today + timedelta(days=rng.randint(-10, 360)),
                    "warranty_end_date": today + relativedelta(years=rng.randint(-1, 4)),
                }
            )
        vehicles = env["fleet.vehicle"].create(vehicle_vals)

        # visits over 14 months, about 3 a car, odometer growing with the car's habit
        visit_vals = []
        for i, vehicle in enumerate(vehicles):
            daily = rng.choice([20, 30, 40, 60, 90])
            lost = i in (3, 7, 12, 18, 26)  # customers who stopped coming
            start = today - timedelta(days=rng.randint(380, 425))
            odometer = rng.randint(500, 20000)
            count = 1 if lost else rng.randint(2, 4)
            day = start
            for n in range(count):
                odometer += daily * (day - start).days if n else 0
                visit_type = (
                    "first_service"
                    if n == 0 and vehicle.delivery_date
                    else rng.choice(
                        ["maintenance"] * 5 + ["repair", "repair", "warranty", "accident", "other"]
                    )
                )
                reception = datetime.combine(
                    day, time(rng.randint(8, 11), rng.choice([0, 15, 30, 45]))
                )
                visit_vals.append(
                    {
                        "vehicle_id": vehicle.id,
                        "advisor_id": advisors[(i + n) % 3].id,
                        "visit_type": visit_type,
                        "reception_datetime": reception,
                        "delivery_datetime": reception + timedelta(hours=rng.randint(2, 30)),
                        "odometer": odometer,
                        "state": "delivered",
                        "description": rng.choice(
                            [
                                "常规保养：更换机油、机滤。",
                                "更换刹车片。",
                                "空调系统检修。",
                                "四轮定位。",
                                "钣喷：左后门。",
                            ]
                        ),
                    }
                )
                start, day = (
                    day,
                    min(day + timedelta(days=rng.randint(90, 150)), today - timedelta(days=1)),
                )
                if lost:
                    break
        # cars in the workshop right now
        for vehicle in vehicles[:3]:
            visit_vals.append(
                {
                    "vehicle_id": vehicle.id,
                    "advisor_id": advisors[0].id,
                    "visit_type": "repair",
                    "reception_datetime": fields.Datetime.now() - timedelta(hours=2),
                    "odometer": max(
                        v["odometer"] for v in visit_vals if v["vehicle_id"] == vehicle.id
                    )
                    + 500,
                    "state": "in_progress",
                }
            )
        visits = env["fleet.aftersales.visit"].create(
            sorted(visit_vals, key=lambda v: v["reception_datetime"])
        )

        recent = visits.filtered(
            lambda v: v.state == "delivered"
            and v.delivery_date
            and v.delivery_date >= today - timedelta(days=90)
        )
        self._generate_callbacks(env, rng, recent, agents, today)
        self._generate_complaints(env, rng, recent or visits, advisors, today)

        # a campaign for the car club
        campaign = env["fleet.aftersales.campaign"].create(
            {
                "name": "车友俱乐部免费检测周",
                "date": today + timedelta(days=20),
                "place": "本店售后服务中心",
                "target_model": "res.partner",
                "target_domain": "[('is_club_member', '=', True)]",
                "description": "<p>免费 36 项安全检测，工时 8 折。</p>",
            }
        )
        campaign.action_confirm()

        # what the scheduled actions would have made this morning
        env["res.partner"]._cron_update_lost_customers()
        env["fleet.aftersales.callback.generator"]._cron_generate_callbacks()
        env["res.partner"]._cron_check_archive_completeness()
        return True

    @api.model
    def _generate_callbacks(self, env, rng, recent, agents, today):
        """Satisfaction calls of the last three months: done (most), unreachable, cancelled, pending."""
        # done (most), unreachable, cancelled, and pending for the last days
        Callback = env["fleet.aftersales.callback"]
        reasons = env["fleet.aftersales.reason.tag"].search([])
        for n, visit in enumerate(recent):
            agent = agents.filtered(lambda a, v=visit: a != v.advisor_id)[n % 2 :][:1] or agents[:1]
            due = visit.delivery_date + timedelta(days=3)
            callback = Callback.create(
                {
                    "callback_type": "satisfaction",
                    "partner_id": visit.partner_id.id,
                    "vehicle_id": visit.vehicle_id.id,
                    "visit_id": visit.id,
                    "user_id": agent.id,
                    "date_due": min(due, today),
                }
            )
            if due > today:
                continue  # still to call
            roll = rng.random()
            if n % 9 == 4:  # every state shows: some never answered, some cancelled
                callback.write({"attempt_count": 3, "state": "unreachable"})
            elif n % 9 == 7:
                callback.action_cancel()
            else:
                for answer in callback.answer_ids:
                    rating = rng.choice("55555444431" if roll < 0.9 else "54321")
                    vals = {"rating": rating}
                    if rating in "12":
                        vals["reason_tag_ids"] = [
                            (6, 0, reasons[rng.randint(0, len(reasons) - 1)].ids)
                        ]
                    answer.write(vals)
                callback.write(
                    {
                        "suggestion": rng.choice(SUGGESTIONS) if rng.random() < 0.4 else False,
                        "attempt_count": rng.randint(0, 1),
                    }
                )
                callback.with_context(mail_activity_automation_skip=False).action_done()
                callback.date_done = min(due + timedelta(days=rng.randint(0, 2)), today)

    @api.model
    def _generate_complaints(self, env, rng, visits, advisors, today):
        """One complaint in each state, the late ones escalated."""
        ref = env.ref
        # complaints in every state
        states = [
            "new",
            "assigned",
            "in_progress",
            "in_progress",
            "resolved",
            "closed",
            "cancelled",
        ]
        for n, state in enumerate(states):
            category, department, text = COMPLAINTS[n % len(COMPLAINTS)]
            visit = visits[n % len(visits)]
            complaint = env["fleet.aftersales.complaint"].create(
                {
                    "partner_id": visit.partner_id.id,
                    "vehicle_id": visit.vehicle_id.id,
                    "visit_id": visit.id,
                    "channel": rng.choice(["callback", "phone", "walk_in"]),
                    "category_id": ref(f"fleet_aftersales.complaint_category_{category}").id,
                    "department_id": ref(f"fleet_aftersales.department_{department}").id,
                    "description": text,
                    "date_registered": fields.Datetime.now() - timedelta(days=6 - n),
                    "priority": "1" if n == 2 else "0",
                }
            )
            if state == "new":
                continue
            complaint.write(
                {"user_id": advisors[n % 3].id, "date_deadline": today + timedelta(days=n - 3)}
            )
            if state in ("in_progress", "resolved", "closed"):
                complaint.action_start()
            if state in ("resolved", "closed"):
                complaint.write(
                    {"root_cause": "技师漏装隔热罩卡扣。", "resolution": "免费重新安装并路试确认。"}
                )
                complaint.action_resolve()
            if state == "closed":
                confirmation = complaint.confirmation_callback_ids[:1]
                confirmation.answer_ids.write({"rating": "5"})
                confirmation.action_done()
            if state == "cancelled":
                complaint.action_cancel()
        env["fleet.aftersales.complaint"]._cron_escalate_complaints()
