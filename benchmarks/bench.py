"""Benchmark the module's scheduled actions and statistics at dealer-group scale.

Run through `make bench` (scripts/bench.sh). For each N it keeps a template database
with the module (no demo data) and the generated data (``bench.py CONF generate DB N``),
and measures on a fresh copy of it, so that every run starts from the same state
(``bench.py CONF measure DB:N [DB:N ...]``).

For each N: generates with the module's volume generator (fleet_aftersales/populate/
volume.py: through the ORM, in batches, with a fixed seed) N customers and N vehicles
with odometer histories, visits over 18 months, last month's callbacks with answers,
complaints and fleet contracts, with a fixed number of items due today whatever N is;
then measures every scheduled action twice (the second run must create nothing), Odoo
fleet's own contract scheduler on the same vehicles (the peer), a plain SQL selection of
the due vehicles (the floor) and the monthly statistics. Writes a Markdown
table and a JSON file under benchmarks/results/.
"""

import json
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api

TODAY = date.today()


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
        actions = cron_actions(env)
        # a manager with an e-mail, so that the monthly mail renders and queues its PDF
        env.ref("base.user_admin").email = "manager@example.com"
        for run in (1, 2):
            for label, func in actions:
                row = measure(env, label, func)
                row.update(run=run, n=n)
                rows.append(row)
                print(row, flush=True)
        rows += [peer_row(env, n), floor_row(cr, n), statistics_row(env, n)]
    return rows


def cron_actions(env):
    """The module's scheduled actions, as (label, function) in the order of the table."""
    return [
        (
            "lost customers",
            lambda: sum(
                env["res.partner"]._cron_update_lost_customers(),
                env["fleet.aftersales.lost.period"],
            ),
        ),
        (
            "callbacks and reminders",
            env["fleet.aftersales.callback.generator"]._cron_generate_callbacks,
        ),
        ("archive completeness", env["res.partner"]._cron_check_archive_completeness),
        ("complaint escalation", env["fleet.aftersales.complaint"]._cron_escalate_complaints),
        (
            "monthly statistics mail",
            env["fleet.aftersales.statistics"]._cron_mail_monthly_statistics,
        ),
    ]


def peer_row(env, n):
    """The peer: Odoo fleet's own contract scheduler on the same vehicles."""
    peer = measure(
        env,
        "fleet contract scheduler (peer)",
        lambda: env["fleet.vehicle.log.contract"].scheduler_manage_contract_expiration() or [],
    )
    peer.update(run=1, n=n, items=500)  # contracts expiring within its 30 days: one activity each
    return peer


def floor_row(cr, n):
    """The floor: a plain SQL selection of the vehicles due a maintenance reminder."""
    start = time.perf_counter()
    cr.execute(
        "SELECT id FROM fleet_vehicle WHERE next_service_date BETWEEN %s AND %s",
        [TODAY - timedelta(days=15), TODAY + timedelta(days=7)],
    )
    due = cr.fetchall()
    return {
        "action": "SQL selection of due vehicles (floor)",
        "wall_s": round(time.perf_counter() - start, 4),
        "queries": 1,
        "items": len(due),
        "run": 1,
        "n": n,
    }


def statistics_row(env, n):
    """The monthly statistics over last month."""
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
    return stats_row


def generate_database(conf, db, n):
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = odoo.modules.registry.Registry(db)
    # the generator is the module's (importable once the configuration gives the addons path)
    from odoo.addons.fleet_aftersales.populate import volume

    with registry.cursor() as cr:
        start = time.perf_counter()
        volume.generate(api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"}), n, today=TODAY)
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
    from odoo.addons.fleet_aftersales.populate import volume

    result = {"date": str(TODAY), "due_per_kind": volume.DUE_PER_KIND, "rows": rows}
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
