# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The benchmark's dealer: N customers and cars, and the same work due today whatever N.

Run by ``benchmarks/bench.py`` on a database without demo data. 500 items are due today
of each of four kinds (satisfaction, maintenance, insurance, lost customer): 2,000 in all;
nothing else is due. Last month has N answered callbacks (the statistics' volume), 1 % of
the customers a complaint, and half the cars a fleet contract (the peer's data: 500 expire
within its 30 days).
"""

from datetime import date, timedelta

from odoo import SUPERUSER_ID

from .generator import DealerGenerator

SEED = 2026
DUE_PER_KIND = 500
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_activity_automation_skip": True,
    "mail_activity_quick_update": True,
}
GROUP = "fleet_aftersales.fleet_aftersales_group_"


def generate(env, n, seed=SEED, today=None):
    """Generate the dealer of ``n`` vehicles, committing each batch; the vehicles."""
    gen = DealerGenerator(env, seed, today=today or date.today(), context=QUIET, commit=True)
    staff = gen.users(
        [(f"bench.agent{i}", f"Agent {i}", GROUP + "agent") for i in range(5)]
        + [("bench.advisor", "Advisor", GROUP + "advisor")]
    )
    agents, advisor = staff[:5], staff[5]
    gen.env.company.aftersales_agent_ids = agents
    vehicles = _vehicles(gen, n)
    _visits(gen, vehicles, advisor)
    _answered_callbacks(gen, vehicles.owner_id, agents)
    gen.create_batches(
        "fleet.aftersales.complaint",
        [
            {"partner_id": p.id, "description": "Bench", "user_id": advisor.id}
            for p in vehicles[: max(n // 100, 10)].owner_id
        ],
    )
    _contracts(gen, vehicles[: max(n // 2, 1000)])
    return vehicles


def _vehicles(gen, n):
    """One car a customer; the first 500 cars' insurance expires within the lead time."""
    brand = gen.env["fleet.vehicle.model.brand"].create({"name": "Bench"})
    model = gen.env["fleet.vehicle.model"].create({"name": "B1", "brand_id": brand.id})
    partners = gen.create_batches("res.partner", [gen.customer_values(i) for i in range(n)])
    vals_list = []
    for i, partner in enumerate(partners):
        vals = gen.vehicle_values(i, partner, model, vin_prefix="BENCH")
        days = 10 if i < DUE_PER_KIND else 200 + i % 150
        vals["insurance_expiry_date"] = gen.today + timedelta(days=days)
        vals_list.append(vals)
    return gen.create_batches("fleet.vehicle", vals_list)


def _visits(gen, vehicles, advisor):
    """Two visits a car over 18 months, so that none is due for anything today, except:
    500 delivered 3 days ago (satisfaction), 500 whose next service falls within the lead
    time, 500 customers whose last visit is just over 6 months old (lost)."""
    vals_list = []
    for i, vehicle in enumerate(vehicles):
        if i < DUE_PER_KIND:
            days = [400, 3]
        elif i < 2 * DUE_PER_KIND:
            days = [540, 175]  # 6 months / 5000 km plan: due in ~5 days by date
        elif i < 3 * DUE_PER_KIND:
            days = [540, 190]  # last visit 190 days ago: lost since ~7 days
        else:
            days = [540 - gen.rng.randint(0, 60), 60 + gen.rng.randint(0, 60)]
        odometer = 1000
        for d in days:
            odometer += gen.rng.randint(3000, 6000)
            vals = gen.visit_values(
                vehicle, advisor, gen.today - timedelta(days=d), odometer, "maintenance"
            )
            vals["is_archive_checked"] = True
            vals_list.append(vals)
    gen.create_batches("fleet.aftersales.visit", vals_list)


def _answered_callbacks(gen, partners, agents):
    """Last month's done calls, one a customer, with satisfaction answers."""
    month_start = (gen.today.replace(day=1) - timedelta(days=1)).replace(day=1)
    callbacks = gen.create_batches(
        "fleet.aftersales.callback",
        [
            {
                "callback_type": "inbound",
                "partner_id": p.id,
                "user_id": agents[p.id % len(agents)].id,
                "date_due": month_start + timedelta(days=p.id % 28),
                "date_done": month_start + timedelta(days=p.id % 28),
                "state": "done",
                "suggestion": f"Suggestion {p.id % 9}" if p.id % 4 == 0 else False,
            }
            for p in partners
        ],
    )
    questions = gen.env["fleet.aftersales.question"].search([("activity_type_ids", "!=", False)])
    questions = questions.filtered(
        lambda q: "satisfaction" in q.activity_type_ids.mapped("aftersales_callback_type")
    )
    tags = gen.env["fleet.aftersales.reason.tag"].search([])
    gen.create_batches(
        "fleet.aftersales.callback.answer",
        [
            {"callback_id": c.id, "question_id": q.id, **gen.rating_values("5554443321", tags)}
            for c in callbacks
            for q in questions
        ],
    )


def _contracts(gen, vehicles):
    """Fleet contracts: 500 expire within the 30 days of Odoo fleet's scheduler."""
    gen.create_batches(
        "fleet.vehicle.log.contract",
        [
            {
                "vehicle_id": v.id,
                "start_date": gen.today - timedelta(days=300),
                "expiration_date": gen.today + timedelta(days=5 if i < DUE_PER_KIND else 200),
                "state": "open",
                "user_id": SUPERUSER_ID,
            }
            for i, v in enumerate(vehicles)
        ],
    )
