"""Benchmark the module's scheduled actions and statistics at dealer-group scale.

Run through `make bench` (scripts/bench.sh). For each N it keeps a template database
with the module (no demo data) and the generated data (``bench.py CONF generate DB N``),
and measures on a fresh copy of it, so that every run starts from the same state
(``bench.py CONF measure DB:N [DB:N ...]``).

For each N: generates (through the ORM, in batches, with a fixed seed) N customers and N
vehicles with odometer histories, visits over 18 months, last month's callbacks with
answers, complaints and fleet contracts, with a fixed number of items due today whatever
N is; then measures every scheduled action twice (the second run must create nothing),
Odoo fleet's own contract scheduler on the same vehicles (the peer), a plain SQL
selection of the due vehicles (the floor) and the monthly statistics. Writes a Markdown
table and a JSON file under benchmarks/results/.
"""

import json
import random
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api

SEED = 2026
DUE_TODAY = 2000  # items due today, whatever N: 500 of each kind below
BATCH = 2000
TODAY = date.today()
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_activity_automation_skip": True,
    "mail_activity_quick_update": True,
}


def batched(items, size=BATCH):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def generate(env, n):
    """N customers and vehicles; 500 due of each kind (satisfaction, maintenance,
    insurance, lost customer) and everything else not due today."""
    rng = random.Random(SEED)
    env = env(context=dict(env.context, **QUIET))
    brand = env["fleet.vehicle.model.brand"].create({"name": "Bench"})
    model = env["fleet.vehicle.model"].create({"name": "B1", "brand_id": brand.id})
    agents = env["res.users"].create(
        [
            {
                "name": f"Agent {i}",
                "login": f"bench.agent{i}",
                "groups_id": [(4, env.ref("fleet_aftersales.fleet_aftersales_group_agent").id)],
            }
            for i in range(5)
        ]
    )
    advisor = env["res.users"].create(
        {
            "name": "Advisor",
            "login": "bench.advisor",
            "groups_id": [(4, env.ref("fleet_aftersales.fleet_aftersales_group_advisor").id)],
        }
    )
    env.company.aftersales_agent_ids = agents
    partners, vehicles = env["res.partner"], env["fleet.vehicle"]
    for chunk in batched(range(n)):
        partners |= env["res.partner"].create(
            [
                {
                    "name": f"Customer {i}",
                    "mobile": f"13{i:09d}",
                    "street": "Road 1",
                    "city": "Guangzhou",
                }
                for i in chunk
            ]
        )
    for chunk in batched(list(partners)):
        vehicles |= env["fleet.vehicle"].create(
            [
                {
                    "model_id": model.id,
                    "owner_id": p.id,
                    "license_plate": f"粤A·{p.id:06d}",
                    "vin_sn": f"BENCH{p.id:012d}",
                    # insurance: 500 expire within the lead time, the others far away
                    "insurance_expiry_date": TODAY
                    + timedelta(days=10 if i < 500 else 200 + i % 150),
                }
                for i, p in enumerate(chunk, start=len(vehicles))
            ]
        )
        env.cr.commit()
    # visits: two per vehicle over 18 months, so that none is due for anything today,
    # except: 500 delivered 3 days ago (satisfaction), 500 whose next service is within the
    # lead time, 500 customers whose last visit is just over 6 months old (lost)
    visit_vals = []
    for i, vehicle in enumerate(vehicles):
        if i < 500:
            days = [400, 3]
        elif i < 1000:
            days = [540, 175]  # 6 months / 5000 km plan: due in ~5 days by date
        elif i < 1500:
            days = [540, 190]  # last visit 190 days ago: lost since ~7 days
        else:
            days = [540 - rng.randint(0, 60), 60 + rng.randint(0, 60)]
        odometer = 1000
        for d in days:
            odometer += rng.randint(3000, 6000)
            reception = datetime.combine(
                TODAY - timedelta(days=d), datetime.min.time()
            ) + timedelta(hours=9)
            visit_vals.append(
                {
                    "vehicle_id": vehicle.id,
                    "advisor_id": advisor.id,
                    "visit_type": "maintenance",
                    "reception_datetime": reception,
                    "delivery_datetime": reception + timedelta(hours=6),
                    "odometer": odometer,
                    "state": "delivered",
                    "is_archive_checked": True,
                }
            )
    for chunk in batched(visit_vals):
        env["fleet.aftersales.visit"].create(chunk)
        env.cr.commit()
    # last month's callbacks, done, with answers: N of them (the statistics' volume)
    month_start = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    questions = env["fleet.aftersales.question"].search([("activity_type_ids", "!=", False)])
    satisfaction_questions = questions.filtered(
        lambda q: "satisfaction" in q.activity_type_ids.mapped("aftersales_callback_type")
    )
    tags = env["fleet.aftersales.reason.tag"].search([])
    for chunk in batched(list(partners)):
        callbacks = env["fleet.aftersales.callback"].create(
            [
                {
                    "callback_type": "inbound",
                    "partner_id": p.id,
                    "user_id": agents[p.id % 5].id,
                    "date_due": month_start + timedelta(days=p.id % 28),
                    "date_done": month_start + timedelta(days=p.id % 28),
                    "state": "done",
                    "suggestion": f"Suggestion {p.id % 9}" if p.id % 4 == 0 else False,
                }
                for p in chunk
            ]
        )
        answers = []
        for callback in callbacks:
            for q in satisfaction_questions:
                rating = rng.choice("5554443321")
                answers.append(
                    {
                        "callback_id": callback.id,
                        "question_id": q.id,
                        "rating": rating,
                        "reason_tag_ids": [(6, 0, [tags[rng.randrange(len(tags))].id])]
                        if rating in "12"
                        else [],
                    }
                )
        env["fleet.aftersales.callback.answer"].create(answers)
        env.cr.commit()
    # complaints (1 %) and fleet contracts (the peer's data: 500 expiring soon)
    env["fleet.aftersales.complaint"].create(
        [
            {"partner_id": p.id, "description": "Bench", "user_id": advisor.id}
            for p in partners[: max(n // 100, 10)]
        ]
    )
    env["fleet.vehicle.log.contract"].create(
        [
            {
                "vehicle_id": v.id,
                "start_date": TODAY - timedelta(days=300),
                "expiration_date": TODAY + timedelta(days=5 if i < 500 else 200),
                "state": "open",
                "user_id": SUPERUSER_ID,
            }
            for i, v in enumerate(vehicles[: max(n // 2, 1000)])
        ]
    )
    env.cr.commit()
    return vehicles


def measure(env, label, func):
    env.flush_all()
    env.invalidate_all()
    callbacks_before = env["fleet.aftersales.callback"].search_count([])
    activities_before = env["mail.activity"].search_count([])
    queries = env.cr.sql_log_count
    tracemalloc.start()
    start = time.perf_counter()
    result = func()
    env.flush_all()
    wall = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    row = {
        "action": label,
        "wall_s": round(wall, 3),
        "queries": env.cr.sql_log_count - queries,
        "peak_mem_mb": round(peak / 2**20, 1),
        "callbacks_created": env["fleet.aftersales.callback"].search_count([]) - callbacks_before,
        "activities_created": env["mail.activity"].search_count([]) - activities_before,
        "items": len(result) if hasattr(result, "__len__") else None,
    }
    env.cr.commit()
    return row


def bench(db, n):
    # the configuration is parsed once per process (Odoo cannot parse it twice)
    odoo.tools.config["db_name"] = db
    registry = odoo.modules.registry.Registry(db)
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        Callback = env["fleet.aftersales.callback"]
        actions = [
            (
                "lost customers",
                lambda: sum(env["res.partner"]._cron_update_lost_customers(), env["res.partner"]),
            ),
            ("callbacks and reminders", Callback._cron_generate_callbacks),
            ("archive completeness", env["res.partner"]._cron_check_archive_completeness),
            ("complaint escalation", env["fleet.aftersales.complaint"]._cron_escalate_complaints),
            (
                "monthly statistics mail",
                env["fleet.aftersales.statistics"]._cron_mail_monthly_statistics,
            ),
        ]
        # a manager with an e-mail, so that the monthly mail renders and queues its PDF
        env.ref("base.user_admin").email = "manager@example.com"
        for run in (1, 2):
            for label, func in actions:
                row = measure(env, label, func)
                row.update(run=run, n=n)
                rows.append(row)
                print(row, flush=True)
        # the peer: Odoo fleet's own contract scheduler on the same vehicles
        peer = measure(
            env,
            "fleet contract scheduler (peer)",
            lambda: env["fleet.vehicle.log.contract"].scheduler_manage_contract_expiration() or [],
        )
        peer.update(
            run=1, n=n, items=500
        )  # contracts expiring within its 30 days: one activity each
        rows.append(peer)
        # the floor: a plain SQL selection of the vehicles due a maintenance reminder
        start = time.perf_counter()
        cr.execute(
            "SELECT id FROM fleet_vehicle WHERE next_service_date BETWEEN %s AND %s",
            [TODAY - timedelta(days=15), TODAY + timedelta(days=7)],
        )
        due = cr.fetchall()
        rows.append(
            {
                "action": "SQL selection of due vehicles (floor)",
                "wall_s": round(time.perf_counter() - start, 4),
                "queries": 1,
                "items": len(due),
                "run": 1,
                "n": n,
            }
        )
        # the monthly statistics over last month
        Statistics = env["fleet.aftersales.statistics"]
        month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
        stats_row = measure(
            env,
            "monthly statistics",
            lambda: [Statistics._get_statistics(env.company, *Statistics._month_bounds(month))],
        )
        stats_row.update(
            run=1,
            n=n,
            callbacks_in_month=env["fleet.aftersales.callback"].search_count(
                [("date_done", ">=", month), ("date_done", "<", TODAY.replace(day=1))]
            ),
        )
        rows.append(stats_row)
    return rows


def generate_database(conf, db, n):
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        start = time.perf_counter()
        generate(api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"}), n)
        print(f"[{n}] generated in {time.perf_counter() - start:.0f} s", flush=True)


def main():
    conf, mode, *targets = sys.argv[1:]
    if mode == "generate":
        return generate_database(conf, targets[0], int(targets[1]))
    rows = []
    odoo.tools.config.parse_config(["-c", conf])
    for target in targets:
        db, n = target.split(":")
        rows += bench(db, int(n))
    result = {"date": str(TODAY), "due_per_kind": 500, "rows": rows}
    sizes = sorted({r["n"] for r in rows})
    if len(sizes) >= 2:
        daily = {
            r["n"]: r["wall_s"]
            for r in rows
            if r["action"] == "callbacks and reminders" and r["run"] == 1
        }
        result["scaling_ratio"] = round(daily[sizes[-1]] / daily[sizes[0]], 2)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    name = f"{TODAY}-{'-'.join(str(s) for s in sizes)}"
    (out / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    lines = [
        "| N | action | run | wall (s) | queries | peak MB | callbacks | activities | items |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['action']} | {r.get('run', '')} | {r['wall_s']} | {r['queries']} | "
            f"{r.get('peak_mem_mb', '')} | {r.get('callbacks_created', '')} | "
            f"{r.get('activities_created', '')} | {r.get('items', '')} |"
        )
    if "scaling_ratio" in result:
        lines.append(
            f"\nscaling_ratio (daily action, {sizes[-1]} / {sizes[0]} vehicles): {result['scaling_ratio']}"
        )
    (out / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
