"""Benchmark the module's scheduled actions and statistics at dealer-group scale.

Run through `make bench` (scripts/bench.sh). For each N it keeps a template database
with the module (no demo data) and the generated data (``bench.py CONF generate DB N``),
and measures on fresh copies of it (``bench.py CONF measure TEMPLATE:N [TEMPLATE:N ...]``),
so that every run starts from the same state (``bench.py CONF workers TEMPLATE:N``: the
two workers' step alone).

For each N, on each of ``RUNS`` (3) fresh copies of the template (``CREATE DATABASE ...
TEMPLATE``, as ``createdb -T``: the daily action commits its batches, so a savepoint
rolled back would not undo a run), timed without tracemalloc:

* every scheduled action twice (the second run must create nothing);
* Odoo fleet's own contract scheduler on the same vehicles (the peer);
* a plain SQL selection of the vehicles due a maintenance reminder;
* the monthly statistics;
* the floor: the daily action's own output (its callbacks, with the values it gave them,
  and their activities) removed, then created again bare: ``create()`` of the callbacks
  and of the activities in batches of 500 with the ORM, in a quiet context, without the
  module's logic (no selection, agent assignment, call spacing, questionnaire, activity
  sync): what creating those records costs at the least;
* on the first copy, the screens (``bench_views.measure_all``, when importable).

Each timed figure is the median of the runs (``wall_s_runs`` keeps them all). Memory is
measured in a separate run on a copy of its own (tracemalloc on: ``peak_mem_mb``). Then
two workers run the daily action at the same moment on one more copy (two threads, each
with its own cursor, started together by a barrier): the JSON's ``two_workers`` counts the
duplicate callbacks (same kind, vehicle, customer and due date) and the errors logged.

Writes a Markdown table and a JSON file under benchmarks/results/, with the summary
figures of the largest size (see :func:`summary`).
"""

import json
import logging
import os
import statistics
import sys
import threading
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api

# ---- hook: the screens' measures (benchmarks/bench_views.py, branch perf-scale) -------
try:
    import bench_views
except ImportError:  # an older checkout: the cron measures only
    bench_views = None

TODAY = date.today()
# BENCH_RUNS (default 3) timed runs a size; BENCH_SKIP: what not to run, comma-separated
# among "memory", "workers", "views" (a 1,000,000 measure within a time budget)
RUNS = int(os.environ.get("BENCH_RUNS") or 3)
SKIP = set(filter(None, os.environ.get("BENCH_SKIP", "").split(",")))
BATCH = 500
DAILY = "callbacks and reminders"
PEER = "fleet contract scheduler (peer)"
FLOOR = "bare batch create of its callbacks and activities (floor)"
PEER_ITEMS = 500  # contracts expiring within its 30 days: one activity each
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_activity_quick_update": True,
    "mail_activity_automation_skip": True,
}


def measure(env, label, func, trace=False):
    """``(row, result)``: one timed call of ``func``, committed after."""
    env.flush_all()
    env.invalidate_all()
    callbacks_before = env["fleet.aftersales.callback"].search_count([])
    activities_before = env["mail.activity"].search_count([])
    queries = env.cr.sql_log_count
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = func()
    env.flush_all()
    wall = time.perf_counter() - start
    row = {
        "action": label,
        "wall_s": round(wall, 3),
        "queries": env.cr.sql_log_count - queries,
        "callbacks_created": env["fleet.aftersales.callback"].search_count([]) - callbacks_before,
        "activities_created": env["mail.activity"].search_count([]) - activities_before,
        "items": len(result) if hasattr(result, "__len__") else None,
    }
    if trace:
        row["peak_mem_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    env.cr.commit()
    return row, result


# ---- databases ----------------------------------------------------------------------
def copy_database(template, name):
    """A fresh copy of ``template`` (``CREATE DATABASE ... TEMPLATE``, as ``createdb -T``)."""
    drop_database(name)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


def drop_database(name):
    odoo.modules.registry.Registry.delete(name)
    odoo.sql_db.close_db(name)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')


def on_copy(template, name, func, *args):
    """``func(registry, *args)`` on a fresh copy of ``template``, dropped after."""
    copy_database(template, name)
    try:
        odoo.tools.config["db_name"] = name
        return func(odoo.modules.registry.Registry(name), *args)
    finally:
        drop_database(name)


# ---- one run on one copy ------------------------------------------------------------
def run_copy(registry, n, trace=False, views=False):
    """Every measure of one run on one copy; the rows."""
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        # a manager with an e-mail, so that the monthly mail renders and queues its PDF
        env.ref("base.user_admin").email = "manager@example.com"
        cr.commit()
        created = None
        for run in (1, 2):
            for label, func in cron_actions(env):
                before = written_since(cr) if label == DAILY else None
                row, result = measure(env, label, func, trace)
                row.update(run=run, n=n)
                if before:
                    row.update(written_since(cr, before))
                rows.append(row)
                created = result if (label, run) == (DAILY, 1) else created
                print(row, flush=True)
        rows += [peer_row(env, n, trace), selection_row(cr, n), statistics_row(env, n, trace)]
        if views and bench_views:
            # ---- hook: the screens (bench_views.py), medians of their own
            rows += [dict(row, source="bench_views") for row in bench_views.measure_all(env, n)]
        rows.append(floor_row(env, n, created, trace))
        print(rows[-1], flush=True)
    return rows


def written_since(cr, before=None):
    """Before a run: the moment and the last ids of the callbacks and activities. After
    it (``before`` given): how many of those that existed before it wrote
    (``write_date`` moved): a daily run on data in the daily action's steady state
    writes only the day's items, so these stay ~0 at every size."""
    tables = {"callbacks": "fleet_aftersales_callback", "activities": "mail_activity"}
    if before is None:
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        state = {"since": cr.fetchone()[0]}
        for key, table in tables.items():
            cr.execute(f"SELECT coalesce(max(id), 0), count(*) FROM {table}")
            state[key], state[f"{key}_count"] = cr.fetchone()
        return state
    counts = {}
    for key, table in tables.items():
        cr.execute(
            f"SELECT count(*), count(*) FILTER (WHERE write_date >= %s) FROM {table} WHERE id <= %s",
            [before["since"], before[key]],
        )
        left, written = cr.fetchone()
        counts[f"preexisting_{key}_written"] = written
        counts[f"preexisting_{key}_removed"] = before[f"{key}_count"] - left
    return counts


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
        (DAILY, env["fleet.aftersales.callback.generator"]._cron_generate_callbacks),
        ("archive completeness", env["res.partner"]._cron_check_archive_completeness),
        ("complaint escalation", env["fleet.aftersales.complaint"]._cron_escalate_complaints),
        (
            "monthly statistics mail",
            env["fleet.aftersales.statistics"]._cron_mail_monthly_statistics,
        ),
    ]


def peer_row(env, n, trace):
    """The peer: Odoo fleet's own contract scheduler on the same vehicles."""
    Contract = env["fleet.vehicle.log.contract"]
    peer, _result = measure(
        env, PEER, lambda: Contract.scheduler_manage_contract_expiration() or [], trace
    )
    peer.update(run=1, n=n, items=PEER_ITEMS)
    return peer


def selection_row(cr, n):
    """A plain SQL selection of the vehicles due a maintenance reminder."""
    start = time.perf_counter()
    cr.execute(
        "SELECT id FROM fleet_vehicle WHERE next_service_date BETWEEN %s AND %s",
        [TODAY - timedelta(days=15), TODAY + timedelta(days=7)],
    )
    due = cr.fetchall()
    return {
        "action": "SQL selection of due vehicles",
        "wall_s": round(time.perf_counter() - start, 4),
        "queries": 1,
        "items": len(due),
        "run": 1,
        "n": n,
    }


def statistics_row(env, n, trace):
    """The monthly statistics over last month."""
    Statistics = env["fleet.aftersales.statistics"]
    month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    stats_row, _result = measure(
        env,
        "monthly statistics",
        lambda: [Statistics._get_statistics(env.company, *Statistics._month_bounds(month))],
        trace,
    )
    stats_row.update(
        run=1,
        n=n,
        callbacks_in_month=env["fleet.aftersales.callback"].search_count(
            [("date_done", ">=", month), ("date_done", "<", TODAY.replace(day=1))]
        ),
    )
    return stats_row


# ---- the floor ------------------------------------------------------------------------
def floor_values(env, callbacks):
    """``(callbacks' values, activities' values)``: what the daily action created, as
    create() takes it (the callbacks' stored fields that are not computed; the activities'
    model, record, type, user, deadline, summary and note)."""
    Callback = env["fleet.aftersales.callback"]
    names = [
        name
        for name, field in Callback._fields.items()
        if field.store
        and not field.compute
        and not field.related
        and field.type not in ("one2many", "many2many")
        and name not in models_magic() | {"sent_message_id", "message_main_attachment_id"}
    ]
    rows = callbacks.sorted("id").read(names, load=None)
    activities = env["mail.activity"].search_read(
        [("res_model", "=", Callback._name), ("res_id", "in", callbacks.ids)],
        [
            "res_model_id",
            "res_id",
            "activity_type_id",
            "user_id",
            "date_deadline",
            "summary",
            "note",
        ],
        load=None,
        order="id",
    )
    for row in rows:
        row.pop("id")
    for activity in activities:
        activity.pop("id")
    return rows, activities


def models_magic():
    return set(odoo.models.MAGIC_COLUMNS) | {"display_name"}


def floor_row(env, n, callbacks, trace):
    """The floor: the daily action's callbacks and activities removed, then created again
    with the same values, bare (see the module docstring)."""
    old_ids = callbacks.ids if callbacks else []
    vals_list, activity_vals = floor_values(env, callbacks)
    cr = env.cr
    for table in ("mail_activity", "mail_followers"):
        cr.execute(
            f"DELETE FROM {table} WHERE res_model = %s AND res_id = ANY(%s)",
            ["fleet.aftersales.callback", old_ids],
        )
    cr.execute("DELETE FROM fleet_aftersales_callback WHERE id = ANY(%s)", [old_ids])
    cr.commit()
    env.invalidate_all()
    row, _result = measure(
        env, FLOOR, lambda: floor_create(env, old_ids, vals_list, activity_vals), trace
    )
    row.update(run=1, n=n)
    return row


def floor_create(env, old_ids, vals_list, activity_vals):
    from odoo.addons.fleet_aftersales.models.fleet_aftersales_callback import (
        FleetAftersalesCallback,
    )

    # the model's create() below the module's own (agents, questionnaires, activity sync)
    Callback = env["fleet.aftersales.callback"].with_context(**QUIET)._as_button()
    bare_create = super(FleetAftersalesCallback, Callback).create
    new_id = {}
    # the calls first, then the purposes they carry (merged_into_id: their new id)
    for carried in (False, True):
        todo = [
            (old, vals)
            for old, vals in zip(old_ids, vals_list, strict=False)
            if bool(vals["merged_into_id"]) is carried
        ]
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            for _old, vals in batch:
                if carried:
                    vals["merged_into_id"] = new_id.get(vals["merged_into_id"], False)
            created = bare_create([vals for _old, vals in batch])
            new_id.update(zip([old for old, _vals in batch], created.ids, strict=False))
            env.flush_all()
    Activity = env["mail.activity"].with_context(**QUIET)
    created = Activity.browse()
    for start in range(0, len(activity_vals), BATCH):
        batch = activity_vals[start : start + BATCH]
        created |= Activity.create([dict(vals, res_id=new_id[vals["res_id"]]) for vals in batch])
        env.flush_all()
    return list(new_id.values())


# ---- two workers at once ----------------------------------------------------------------
class Captured(logging.Handler):
    """The warnings and errors logged meanwhile."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(f"{record.levelname} {record.name}: {record.getMessage()[:300]}")


def two_workers(registry, n):
    """The daily action in two threads at the same moment, each on its own cursor."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        env["res.partner"]._cron_update_lost_customers()
        cr.execute("SELECT coalesce(max(id), 0) FROM fleet_aftersales_callback")
        first_id = cr.fetchone()[0] + 1
    barrier, created, errors = threading.Barrier(2), [0, 0], []

    def worker(index):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
                barrier.wait()
                created[index] = len(
                    env["fleet.aftersales.callback.generator"]._cron_generate_callbacks()
                )
        except Exception as e:  # counted in the results
            errors.append(repr(e))

    handler = Captured()
    logging.getLogger().addHandler(handler)
    start = time.perf_counter()
    try:
        threads = [threading.Thread(target=worker, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        logging.getLogger().removeHandler(handler)
    wall = time.perf_counter() - start
    with registry.cursor() as cr:
        cr.execute(
            """SELECT count(*) FROM (
                 SELECT 1 FROM fleet_aftersales_callback WHERE id >= %s
                 GROUP BY callback_type, vehicle_id, partner_id, date_due HAVING count(*) > 1
               ) AS duplicate""",
            [first_id],
        )
        duplicates = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM fleet_aftersales_callback WHERE id >= %s", [first_id])
        total = cr.fetchone()[0]
    messages = handler.records + errors
    serialization = [m for m in messages if "serializ" in m or "concurrent update" in m]
    return {
        "n": n,
        "wall_s": round(wall, 3),
        "created_by_worker": created,
        "callbacks_created": total,
        "duplicates": duplicates,
        "errors": len(errors) + sum(m.startswith(("ERROR", "CRITICAL")) for m in handler.records),
        "serialization_errors": len(serialization),
        "log": messages[:10],
    }


# ---- all runs of one size -----------------------------------------------------------------
def bench(template, n):
    """The rows of size ``n`` (medians of the timed runs, memory of the separate run) and
    the two workers' result."""
    runs = []
    for index in range(1, RUNS + 1):
        name = f"fleet_aftersales_bench_{n}_run{index}"
        views = index == 1 and "views" not in SKIP
        runs.append(on_copy(template, name, run_copy, n, False, views))
    memory, workers = [], None
    if "memory" not in SKIP:
        memory = on_copy(template, f"fleet_aftersales_bench_{n}_memory", run_copy, n, True)
    if "workers" not in SKIP:
        workers = on_copy(template, f"fleet_aftersales_bench_{n}_workers", two_workers, n)
    print({"two_workers": workers}, flush=True)
    return median_rows(runs, memory), workers


def median_rows(runs, memory):
    """One row per (action, run): the run of the median wall time, with every run's
    wall time (``wall_s_runs``) and the memory run's peak."""
    peaks = {(r["action"], r["run"]): r.get("peak_mem_mb") for r in memory}
    by_key = {}
    for rows in runs:
        for row in rows:
            by_key.setdefault((row["action"], row["run"]), []).append(row)
    result = []
    for key, rows in by_key.items():
        walls = [r["wall_s"] for r in rows]
        wall = statistics.median(walls)
        row = dict(min(rows, key=lambda r: abs(r["wall_s"] - wall)), wall_s=round(wall, 4))
        if len(rows) > 1:
            row["wall_s_runs"] = walls
        if peaks.get(key) is not None:
            row["peak_mem_mb"] = peaks[key]
        result.append(row)
    return result


# ---- results ----------------------------------------------------------------------------
def find(rows, n, action, run=1, source=None):
    """The row of ``action`` (a label, or its start when it ends with "(")."""
    for row in rows:
        label = row["action"]
        if row["n"] != n or row["run"] != run or (source and row.get("source") != source):
            continue
        if label == action or (action.endswith("(") and label.startswith(action)):
            return row
    return None


def per_item_ms(row):
    return round(1000 * row["wall_s"] / row["items"], 3) if row and row.get("items") else None


def size_summary(rows, n):
    daily, peer, floor = find(rows, n, DAILY), find(rows, n, PEER), find(rows, n, FLOOR)
    ours, theirs = per_item_ms(daily), per_item_ms(peer)
    stats = find(rows, n, "monthly statistics (", source="bench_views") or find(
        rows, n, "monthly statistics"
    )
    dashboard = find(rows, n, "dashboard (", source="bench_views")
    return {
        "daily_s": daily and daily["wall_s"],
        "per_item_ms": ours,
        "peer_per_item_ms": theirs,
        "speedup_vs_peer": round(theirs / ours, 2) if ours and theirs else None,
        "floor_s": floor and floor["wall_s"],
        "ratio_to_floor": round(daily["wall_s"] / floor["wall_s"], 2)
        if daily and floor and floor["wall_s"]
        else None,
        "stats_s": stats and stats["wall_s"],
        "dashboard_s": dashboard and dashboard["wall_s"],
        # the first daily run on the template's data: what it rewrote besides the day's
        "preexisting_callbacks_written": daily and daily.get("preexisting_callbacks_written"),
        "preexisting_activities_written": daily and daily.get("preexisting_activities_written"),
        "preexisting_activities_removed": daily and daily.get("preexisting_activities_removed"),
    }


def summary(rows, sizes, workers):
    """The issue's figures: those of the largest size, and per size."""
    by_size = {n: size_summary(rows, n) for n in sizes}
    largest = by_size[sizes[-1]]
    daily = {n: by_size[n]["daily_s"] for n in sizes}
    return {
        "sizes": sizes,
        "scaling_ratio": round(daily[sizes[-1]] / daily[sizes[0]], 2)
        if len(sizes) >= 2 and daily[sizes[0]]
        else None,
        "per_item_ms": largest["per_item_ms"],
        "peer_per_item_ms": largest["peer_per_item_ms"],
        "speedup_vs_peer": largest["speedup_vs_peer"],
        "floor_s": largest["floor_s"],
        "ratio_to_floor": largest["ratio_to_floor"],
        "stats_s_at_largest": largest["stats_s"],
        "dashboard_s_at_largest": largest["dashboard_s"],
        "two_workers": workers[sizes[-1]],
        "by_size": by_size,
        "runs": RUNS,
        "timing": f"median of {RUNS} runs, each on a fresh copy of the template, without "
        "tracemalloc; "
        + (
            "no memory run (BENCH_SKIP)"
            if "memory" in SKIP
            else "peak_mem_mb from a separate run with tracemalloc"
        )
        + (f"; skipped: {', '.join(sorted(SKIP))}" if SKIP else ""),
    }


def markdown(rows, result):
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
    lines += ["", "| summary (largest size) | value |", "|---|---|"]
    for key in (
        "sizes",
        "scaling_ratio",
        "per_item_ms",
        "peer_per_item_ms",
        "speedup_vs_peer",
        "floor_s",
        "ratio_to_floor",
        "stats_s_at_largest",
        "dashboard_s_at_largest",
    ):
        lines.append(f"| {key} | {result[key]} |")
    workers = result["two_workers"] or {
        "n": "-",
        "duplicates": "-",
        "errors": "-",
        "serialization_errors": "-",
        "callbacks_created": "not run",
    }
    lines.append(
        f"| two_workers (N={workers['n']}) | duplicates {workers['duplicates']}, errors "
        f"{workers['errors']}, serialization errors {workers['serialization_errors']}, "
        f"callbacks {workers['callbacks_created']} |"
    )
    lines += ["", "| N | per item (ms) | peer (ms) | speedup | floor ratio | rewritten |"]
    lines.append("|---|---|---|---|---|---|")
    for n, figures in result["by_size"].items():
        lines.append(
            f"| {n} | {figures['per_item_ms']} | {figures['peer_per_item_ms']} | "
            f"{figures['speedup_vs_peer']} | {figures['ratio_to_floor']} | "
            f"{figures['preexisting_callbacks_written']} callbacks, "
            f"{figures['preexisting_activities_written']} activities "
            f"({figures['preexisting_activities_removed']} removed) |"
        )
    lines += ["", f"Timing: {result['timing']}."]
    return "\n".join(lines) + "\n"


def generate_database(conf, db, n):
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = odoo.modules.registry.Registry(db)
    # the generator is the module's (importable once the configuration gives the addons path)
    from odoo.addons.fleet_aftersales.populate import volume

    with registry.cursor() as cr:
        start = time.perf_counter()
        volume.generate(api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"}), n, today=TODAY)
        print(f"[{n}] generated in {time.perf_counter() - start:.0f} s", flush=True)


def workers_only(targets):
    """``bench.py CONF workers TEMPLATE:N ...``: the two workers' step alone."""
    out = Path(__file__).parent / "results"
    for target in targets:
        template, n = target.split(":")
        name = f"fleet_aftersales_bench_{n}_workers"
        result = on_copy(template, name, two_workers, int(n))
        print({"two_workers": result}, flush=True)
        path = out / f"{TODAY}-{n}-two-workers.json"
        path.write_text(json.dumps({"date": str(TODAY), "two_workers": result}, indent=1))


def main():
    conf, mode, *targets = sys.argv[1:]
    if mode == "generate":
        return generate_database(conf, targets[0], int(targets[1]))
    odoo.tools.config.parse_config(["-c", conf])
    if mode == "workers":
        return workers_only(targets)
    rows, workers = [], {}
    for target in targets:
        template, n = target.split(":")
        size_rows, workers[int(n)] = bench(template, int(n))
        rows += size_rows
    from odoo.addons.fleet_aftersales.populate import volume

    sizes = sorted({r["n"] for r in rows})
    result = {"date": str(TODAY), "due_per_kind": volume.DUE_PER_KIND, "rows": rows}
    result.update(summary(rows, sizes, workers))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    name = f"{TODAY}-{'-'.join(str(s) for s in sizes)}"
    (out / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    text = markdown(rows, result)
    (out / f"{name}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
