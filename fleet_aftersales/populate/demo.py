# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo dealer: a Guangdong 4S dealer, generated when the module is installed with demo.

Run once by the post-init hook (``hooks.py``), after ``demo/fleet_aftersales_demo.xml``
(two advisors, the car models, the brands' plans and three customers with their history).
Dated relative to the day it is loaded, so that every screen has something to show:
~30 customers, ~40 cars with odometer histories, ~120 visits over 14 months, callbacks and
complaints in every state (moved there by their actions), lost customers and a campaign,
bookings over the week around that day, then what the scheduled actions would have made
this morning.
"""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields

from .generator import DealerGenerator

SEED = 4
BOOKING_DAYS = range(-3, 4)  # the week of bookings, around the install day
BOOKINGS_A_DAY = 2  # an advisor's bookings a day
BOOKING_SOURCES = ["reminder_call", "inbound_call", "new_car", "campaign", "walk_in", "online"]
CUSTOMERS = 30
EXTRA_CARS = 10  # second cars of the first customers
LOST = (3, 7, 12, 18, 26)
LAST_WEEK = (3, 4, 5, 6, 7)  # days ago a car was delivered: its call is due in the last days
FRESH = 2  # the satisfaction calls due in the last FRESH days are done this morning
OVERDUE = 3  # satisfaction calls left pending past their due date  # cars whose owner came once, over a year ago
TZ = "Asia/Shanghai"  # the dealer's staff work in China time: "today" is one day for all
GROUP = "fleet_aftersales.fleet_aftersales_group_"
#: the demo dealer (the main company): a Guangzhou 4S shop
DEALER = {
    "name": "广州示范汽车销售服务有限公司",
    "street": "天河区黄埔大道西 100 号",
    "city": "广州市",
    "zip": "510620",
    "phone": "+86 20 3888 6666",
    "email": "service@demo-4s.example.com",
}
STAFF = [
    ("advisor.zhao", "赵敏", GROUP + "advisor"),
    ("agent.zhou", "周婷", GROUP + "agent"),
    ("agent.wu", "吴磊", GROUP + "agent"),
    ("manager.sun", "孙经理", GROUP + "manager"),
]
MODELS = [  # demo/fleet_aftersales_demo.xml
    "model_byd_han",
    "model_byd_qin",
    "model_toyota_corolla",
    "model_vw_lavida",
    "model_vw_passat",
    "model_honda_accord",
]
VISIT_TYPES = ["maintenance"] * 5 + ["repair", "repair", "warranty", "accident", "other"]
WORKS = [
    "常规保养：更换机油、机滤。",
    "更换刹车片。",
    "空调系统检修。",
    "四轮定位。",
    "钣喷：左后门。",
]
DESIRED = ["保养到期提醒", "上门取送车", "续保报价", "俱乐部活动通知", False]
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
COMPLAINT_STATES = [
    "new",
    "assigned",
    "in_progress",
    "in_progress",
    "resolved",
    "closed",
    "cancelled",
]


def generate(env, size=CUSTOMERS, seed=SEED):
    """Generate the demo dealer of ``size`` customers; False if it exists already.

    The dealer's agents mark that it was generated: a second call (a reinstall, which
    keeps the users) changes nothing.
    """
    Users = env["res.users"].with_context(active_test=False)
    if Users.search_count([("login", "=", "agent.zhou")]):
        return False
    _dealer(env)  # first: the generator's "today" is the dealer's
    gen = DealerGenerator(
        env, seed, context={"tracking_disable": True, "mail_activity_quick_update": True}
    )
    advisors, agents = _staff(gen)
    partners = _customers(gen, size, agents)
    vehicles = _vehicles(gen, partners)
    visits = _visits(gen, vehicles, advisors)
    recent = visits.filtered(
        lambda v: v.state == "delivered"
        and v.delivery_date
        and v.delivery_date >= gen.today - timedelta(days=90)
    )
    _callbacks(gen, recent, agents)
    _complaints(gen, recent or visits, advisors)
    _campaign(gen)
    _bookings(gen, vehicles, advisors)
    # what the scheduled actions would have made this morning
    gen.env["res.partner"]._cron_update_lost_customers()
    gen.env["fleet.aftersales.callback.generator"]._cron_generate_callbacks()
    gen.env["res.partner"]._cron_check_archive_completeness()
    _survey_link(gen)
    return True


def _survey_link(gen):
    """This morning's satisfaction survey sent by link, by e-mail (queued, not sent), to
    a customer who asked for e-mail: the page the customer's link opens is in the demo."""
    Callback = gen.env["fleet.aftersales.callback"]
    pending = Callback.search(
        [("callback_type", "=", "satisfaction"), ("state", "=", "pending")],
        order="date_due desc, id",
    ).filtered("is_survey_sendable")
    for company in pending.company_id:
        contacted = Callback._aftersales_contacts_today(pending.partner_id, company)
        pending -= pending.filtered(
            lambda c, company=company, contacted=contacted: c.company_id == company
            and c.partner_id.id in contacted
        )
    callback = pending[:1]
    callback.partner_id.preferred_channel = "email"
    callback.with_user(callback.user_id).action_send_survey()


def _staff(gen):
    """The advisors (two from the demo file) and agents; the company's agents and manager."""
    ref = gen.env.ref
    staff = gen.users(STAFF, tz=TZ)
    zhao, agents, manager = staff[0], staff[1:3], staff[3]
    advisors = ref("fleet_aftersales.user_advisor_wang") | ref("fleet_aftersales.user_advisor_li")
    advisors |= zhao
    manager.email = "manager.sun@example.com"
    (advisors | ref("base.user_admin")).write({"tz": TZ})
    gen.env.company.write(
        {
            "aftersales_agent_ids": [(6, 0, agents.ids)],
            "aftersales_manager_id": manager.id,
        }
    )
    ref("fleet_aftersales.department_workshop").manager_id = manager
    return advisors, agents


def _dealer(env):
    """The demo company as a Guangzhou 4S shop: its name and address on the printed forms,
    China time for its "today", the shop's hours (every day, lunch break) for bookings and
    calls, China for its customers' numbers; yuan if no journal item exists yet (Odoo
    refuses to change the currency of a company with accounting entries: with account's
    demo invoices, the company keeps the currency of its chart of accounts)."""
    company, china = env.company, env.ref("base.cn")
    company.write(
        {
            "name": DEALER["name"],
            "street": DEALER["street"],
            "city": DEALER["city"],
            "zip": DEALER["zip"],
            "state_id": env.ref("base.state_cn_GD").id,
            "country_id": china.id,
            "phone": DEALER["phone"],
            "email": DEALER["email"],
            "resource_calendar_id": env.ref("fleet_aftersales.resource_calendar_dealer").id,
        }
    )
    company.partner_id.tz = TZ
    yuan = env.ref("base.CNY")
    if company.currency_id != yuan and not company.root_id._existing_accounting():
        yuan.active = True
        company.currency_id = yuan


def _customers(gen, size, agents):
    """Customers with what the archive holds: birthday, channel, call window, club, wishes."""
    rng, china = gen.rng, gen.env.ref("base.cn")
    vals_list = []
    for i in range(size):
        window = rng.choice([0.0, 9.0, 12.0, 18.5])
        vals = gen.customer_values(i)
        vals.update(
            street=vals["street"] if i % 9 else False,  # some archives lack the address
            country_id=china.id,
            email=f"customer{i}@example.com",
            birthday=gen.today
            - relativedelta(years=rng.randint(25, 60), days=rng.randint(-20, 340)),
            preferred_channel=rng.choice(["phone"] * 6 + ["sms", "email", "letter"]),
            call_window_start=window,
            call_window_end=min(window + 3, 22.0) if window else 0.0,
            is_club_member=i % 4 == 0,
            followup_user_id=agents[i % len(agents)].id,
            desired_services=rng.choice(DESIRED),
        )
        vals_list.append(vals)
    return gen.create_batches("res.partner", vals_list)


def _vehicles(gen, partners):
    """One car per customer and a second one for the first customers; every fifth is new."""
    rng, today = gen.rng, gen.today
    models = [gen.env.ref(f"fleet_aftersales.{xmlid}") for xmlid in MODELS]
    vals_list = []
    for i in range(len(partners) + EXTRA_CARS):
        partner = partners[i % len(partners)]
        vals = gen.vehicle_values(i, partner, models[i % len(models)])
        vals.update(
            vin_sn=vals["vin_sn"] if i % 11 else False,  # some archives lack the VIN
            driver_id=partner.id,
            delivery_date=today - timedelta(days=rng.randint(8, 400)) if i % 5 == 0 else False,
            insurance_expiry_date=today + timedelta(days=rng.randint(-10, 360)),
            warranty_end_date=today + relativedelta(years=rng.randint(-1, 4)),
        )
        vals_list.append(vals)
    return gen.create_batches("fleet.vehicle", vals_list)


def _visits(gen, vehicles, advisors):
    """About three visits a car over 14 months, and three cars in the workshop right now."""
    vals_list = []
    for i, vehicle in enumerate(vehicles):
        vals_list += _history(gen, i, vehicle, advisors)
    last_odometer = {vals["vehicle_id"]: vals["odometer"] for vals in vals_list}
    vals_list += _last_week(gen, vehicles[3:], advisors, vals_list, last_odometer)
    for vehicle in vehicles[:3]:
        vals = gen.visit_values(
            vehicle, advisors[0], gen.today, last_odometer[vehicle.id] + 500, "repair"
        )
        vals.update(
            reception_datetime=fields.Datetime.now() - timedelta(hours=2),
            delivery_datetime=False,
            state="in_progress",
        )
        vals_list.append(vals)
    vals_list.sort(key=lambda vals: vals["reception_datetime"])
    return gen.create_batches("fleet.aftersales.visit", vals_list)


def _last_week(gen, vehicles, advisors, history, last_odometer):
    """A car delivered on each of the days LAST_WEEK before today (cars last seen over a
    week ago): their satisfaction calls fall due in the last days, done this morning at
    the latest, so that this month's figures are never empty, even on its first day."""
    last_seen = {}
    for vals in history:
        last_seen[vals["vehicle_id"]] = max(
            last_seen.get(vals["vehicle_id"], vals["reception_datetime"]),
            vals["reception_datetime"],
        )
    free = [
        v for v in vehicles if last_seen[v.id].date() < gen.today - timedelta(days=max(LAST_WEEK))
    ]
    vals_list = []
    for vehicle, days in zip(free, LAST_WEEK, strict=False):
        vals = gen.visit_values(
            vehicle,
            advisors[days % len(advisors)],
            gen.today - timedelta(days=days),
            last_odometer[vehicle.id] + 1500,
            "maintenance",
            at=time(1, 30),  # 09:30 in China
            hours=4,
        )
        vals["description"] = WORKS[0]
        vals_list.append(vals)
        last_odometer[vehicle.id] = vals["odometer"]
    return vals_list


def _history(gen, i, vehicle, advisors):
    """One car's visits: odometer growing with the owner's daily distance, months apart."""
    rng, today = gen.rng, gen.today
    daily = rng.choice([20, 30, 40, 60, 90])
    count = 1 if i in LOST else rng.randint(2, 4)
    day = today - timedelta(days=rng.randint(380, 425))
    odometer, previous, vals_list = rng.randint(500, 20000), day, []
    for n in range(count):
        odometer += daily * (day - previous).days
        first = n == 0 and vehicle.delivery_date
        vals = gen.visit_values(
            vehicle,
            advisors[(i + n) % len(advisors)],
            day,
            odometer,
            "first_service" if first else rng.choice(VISIT_TYPES),
            # naive UTC: 08:00-11:45 in China, the shop's morning
            at=time(rng.randint(0, 3), rng.choice([0, 15, 30, 45])),
            hours=rng.randint(2, 30),
        )
        vals["description"] = rng.choice(WORKS)
        vals_list.append(vals)
        previous = day
        day = min(day + timedelta(days=rng.randint(90, 150)), today - timedelta(days=1))
    return vals_list


def _callbacks(gen, recent, agents):
    """Satisfaction calls of the last three months: done (most; those due in the last
    FRESH days done this morning, one of them a poor rating with its reason), unreachable,
    cancelled, overdue (left pending since they fell due), and pending for the visits of
    the last three days."""
    due = {}
    vals_list = []
    for n, visit in enumerate(recent):
        due[visit.id] = visit.delivery_date + timedelta(days=3)
        vals_list.append(
            {
                "callback_type": "satisfaction",
                "partner_id": visit.partner_id.id,
                "vehicle_id": visit.vehicle_id.id,
                "visit_id": visit.id,
                "user_id": agents[n % len(agents)].id,
                "date_due": min(due[visit.id], gen.today),
            }
        )
    callbacks = gen.create_batches("fleet.aftersales.callback", vals_list)
    fresh = gen.today - timedelta(days=FRESH)
    overdue_since = gen.today - timedelta(days=gen.env.company.aftersales_callback_expiry_days // 2)
    worked = [(n, c) for n, c in enumerate(callbacks) if due[c.visit_id.id] <= gen.today]
    older = [(n, c) for n, c in worked if due[c.visit_id.id] < fresh]
    unanswered = callbacks.browse([c.id for n, c in older if n % 9 == 4])
    cancelled = callbacks.browse([c.id for n, c in older if n % 9 == 7])
    _call_unanswered(gen, unanswered)
    cancelled.action_cancel()
    # the last ones due before, within the days before they expire
    late = [c for _n, c in older if c.state == "pending" and due[c.visit_id.id] >= overdue_since]
    overdue = callbacks.browse([c.id for c in late[-OVERDUE:]])
    answered = callbacks.browse([c.id for _n, c in worked]) - unanswered - cancelled - overdue
    _answer(gen, answered, due, fresh)


def _call_unanswered(gen, callbacks):
    """Call until the callbacks are unreachable (the maximum attempts, or expired)."""
    for _attempt in range(gen.env.company.aftersales_callback_max_attempts):
        pending = callbacks.filtered(lambda c: c.state == "pending")
        if not pending:
            break
        pending.action_no_answer()


def _answer(gen, callbacks, due, fresh):
    """The customers answered: mostly good ratings, some suggestions, done a day or two
    later; the calls due since ``fresh`` done today, the first of them a poor rating."""
    rng = gen.rng
    tags = gen.env["fleet.aftersales.reason.tag"].search([])
    # most customers are satisfied with every answer (4 or 5), some are not
    ratings = {c.id: "55554" if rng.random() < 0.85 else "54321" for c in callbacks}
    today_calls = callbacks.filtered(lambda c: due[c.visit_id.id] >= fresh)
    ratings.update(dict.fromkeys(today_calls[:1].ids, "21"))
    gen.write_each(
        callbacks.answer_ids, lambda a: gen.rating_values(ratings[a.callback_id.id], tags)
    )
    gen.write_each(
        callbacks,
        lambda c: {
            "suggestion": rng.choice(SUGGESTIONS) if rng.random() < 0.4 else False,
            "attempt_count": rng.randint(0, 1),
        },
    )
    callbacks.with_context(mail_activity_automation_skip=False).action_done()
    gen.write_each(
        callbacks,
        lambda c: {
            "date_done": gen.today
            if c in today_calls
            else min(due[c.visit_id.id] + timedelta(days=rng.randint(0, 2)), gen.today)
        },
    )


def _complaints(gen, visits, advisors):
    """One complaint in each state, moved there by its actions; the late ones escalated."""
    complaints = gen.create_batches(
        "fleet.aftersales.complaint",
        [
            _complaint_values(gen, n, visits[n % len(visits)], advisors)
            for n in range(len(COMPLAINT_STATES))
        ],
    )

    def in_state(*states):
        return complaints.browse(
            [c.id for c, state in zip(complaints, COMPLAINT_STATES, strict=True) if state in states]
        )

    in_state("in_progress", "resolved", "closed").action_start()
    solved = in_state("resolved", "closed")
    solved.write({"root_cause": "技师漏装隔热罩卡扣。", "resolution": "免费重新安装并路试确认。"})
    solved.action_resolve()
    confirmations = in_state("closed").confirmation_callback_ids
    confirmations.answer_ids.write({"rating": "5"})
    confirmations.action_done()
    in_state("cancelled").action_cancel()
    gen.env["fleet.aftersales.complaint"]._cron_escalate_complaints()


def _complaint_values(gen, n, visit, advisors):
    """The n-th complaint, registered 6 - n days ago; all but the first have an owner."""
    category, department, text = COMPLAINTS[n % len(COMPLAINTS)]
    vals = {
        "partner_id": visit.partner_id.id,
        "vehicle_id": visit.vehicle_id.id,
        "visit_id": visit.id,
        "channel": gen.rng.choice(["callback", "phone", "walk_in"]),
        "category_id": gen.env.ref(f"fleet_aftersales.complaint_category_{category}").id,
        "department_id": gen.env.ref(f"fleet_aftersales.department_{department}").id,
        "description": text,
        "date_registered": fields.Datetime.now() - timedelta(days=6 - n),
        "priority": "1" if n == 2 else "0",
    }
    if COMPLAINT_STATES[n] != "new":
        vals["user_id"] = advisors[n % len(advisors)].id
        vals["date_deadline"] = gen.today + timedelta(days=n - 3)
    return vals


def _campaign(gen):
    """A campaign for the car club, confirmed: its members are invited."""
    campaign = gen.env["fleet.aftersales.campaign"].create(
        {
            "name": "车友俱乐部免费检测周",
            "date": gen.today + timedelta(days=20),
            "place": "本店售后服务中心",
            "target_model": "res.partner",
            "target_domain": "[('is_club_member', '=', True)]",
            "description": "<p>免费 36 项安全检测，工时 8 折。</p>",
        }
    )
    campaign.action_confirm()


def _bookings(gen, vehicles, advisors):
    """Bookings over the week around today, in the shop's working slots, each advisor two
    a day at most, all sources: created by the model (its checks of working hours and
    capacity apply to the ones to come), the past ones moved by their buttons: arrived
    (their visit delivered on the day) or missed; the ones to come booked or confirmed."""
    rng, now = gen.rng, fields.Datetime.now()
    cars = vehicles[3:]  # the first three are in the workshop already
    vals_list = []
    for offset in BOOKING_DAYS:
        slots = _booking_slots(gen, gen.today + timedelta(days=offset))
        for advisor in advisors:
            for start in sorted(rng.sample(slots, min(BOOKINGS_A_DAY, len(slots)))):
                n = len(vals_list)
                vals_list.append(
                    {
                        "vehicle_id": cars[(n * 7) % len(cars)].id,
                        "advisor_id": advisor.id,
                        "date_start": start,
                        "service_type": rng.choice(VISIT_TYPES),
                        "source": BOOKING_SOURCES[n % len(BOOKING_SOURCES)],
                    }
                )
    bookings = gen.create_batches("fleet.aftersales.appointment", vals_list)
    past = bookings.filtered(lambda b: b.date_start < now)
    missed = past.filtered(lambda b: rng.random() < 0.2)
    missed.action_no_show()
    _arrive(gen, past - missed, now)
    (bookings - past).filtered(lambda b: rng.random() < 0.5).action_confirm()
    return bookings


def _booking_slots(gen, day):
    """The starts (naive UTC) of the booking slots of ``day`` in the shop's calendar."""
    company = gen.env.company
    calendar, tz = company.resource_calendar_id, company._get_aftersales_tz()
    duration = company._aftersales_slot_duration()
    start = tz.localize(datetime.combine(day, time.min))
    slots = []
    for begin, end, _meta in calendar._work_intervals_batch(
        start, start + timedelta(days=1), tz=tz
    )[False]:
        while begin + duration <= end:
            slots.append(begin.astimezone(pytz.utc).replace(tzinfo=None))
            begin += duration
    return slots


def _arrive(gen, bookings, now):
    """The customers came: their visits received at the booked time; delivered two hours
    later, unless that is still to come (the car is in the workshop)."""
    for booking in bookings:
        booking.action_arrive()
        booking.visit_id.write(
            {
                "reception_datetime": booking.date_start,
                "odometer": booking.vehicle_id.odometer + gen.rng.randint(300, 3000),
            }
        )
    done = bookings.filtered(lambda b: b.date_start + timedelta(hours=2) <= now).visit_id
    for visit in done:
        visit.delivery_datetime = visit.reception_datetime + timedelta(hours=2)
    done.action_deliver()
