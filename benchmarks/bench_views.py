"""The screens at scale: server time and queries of what the web client asks for.

``measure_all(env, n)`` (called by ``benchmarks/bench.py`` when importable) returns rows
``{action, wall_s, queries, n, run, ...}``, each figure the median of 3 runs (the query
count of the median run), without tracemalloc, the record cache emptied before each run (not the registry's caches:
the access rules and views stay cached, as in a running server):

* ``monthly statistics (manager)``: ``fleet.aftersales.statistics._get_statistics`` over
  last month, as a shop manager (record rules apply);
* ``dashboard (manager)``: ``fleet.aftersales.dashboard.get_dashboard_data``, the one call
  of the OWL dashboard (static/src/dashboard/dashboard.js);
* ``agent callback list (10,000)``: ``web_search_read`` of the agent's default list (the
  "My Callbacks Today" action: its search defaults, the list view's fields, limit 80) as an
  agent with 10,000 pending callbacks due up to today, 100,000 open callbacks in the database;
* ``agent activity systray (100,000 open)``: ``res.users._get_activity_groups``, what the
  web client's systray asks for (mail/controllers/webclient.py), as that agent;
* ``vehicle form (200 visits)`` and ``customer form (20 cars)``: ``web_read`` with the
  field specification of the form view as the web client builds it (every field of the
  arch, relational ones with ``display_name``, x2many lists with their columns, limit 40),
  as a manager; beside it (``peer_wall_s``, ``peer_queries``) the same record read with
  the spec of the stock form: the same view with our module's inheriting views switched
  off (so ``fleet.fleet_vehicle_view_form`` and ``base.view_partner_form`` as every other
  installed module extends them), the views cache cleared.

The fixtures missing at a size are added in SQL inside a savepoint rolled back at the end
(the agent, the manager, open callbacks topped up to 100,000, the 200 visits, the 20
cars), so bench.py's own measures see the database as generated.
"""

import statistics
import time
from datetime import timedelta

from lxml import etree

from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

OPEN_CALLBACKS = 100_000
LIST_CALLBACKS = 10_000
VISITS = 200
CARS = 20
RUNS = 3


def _measure(env, label, func, n, runs=RUNS):
    """Median wall time (and its queries) of ``runs`` calls of ``func``."""
    samples = []
    for _i in range(runs):
        env.flush_all()
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        env.flush_all()
        samples.append((time.perf_counter() - start, env.cr.sql_log_count - queries))
    wall = statistics.median(s[0] for s in samples)
    median = min(samples, key=lambda s: abs(s[0] - wall))
    return {"action": label, "wall_s": round(wall, 3), "queries": median[1], "n": n, "run": 1}


# ---- field specifications, as the web client builds them from an arch ------------------
# (the module's query-count tests build them too: one piece of code, in tests/common.py,
# imported once the addons path is set)


def _spec(model, node):
    from odoo.addons.fleet_aftersales.tests.common import arch_spec

    return arch_spec(model, node)


def _form_spec(env, model_name, view_xmlid):
    from odoo.addons.fleet_aftersales.tests.common import form_spec

    return form_spec(env, model_name, view_xmlid)


def _stock_form_spec(env, model_name, view_xmlid):
    """The spec of the form without this module's inheriting views (rolled back)."""
    cr = env.cr
    cr.execute("SAVEPOINT bench_views_stock")
    cr.execute(
        """UPDATE ir_ui_view SET active = false WHERE id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'fleet_aftersales' AND model = 'ir.ui.view')
           AND inherit_id IS NOT NULL AND model = %s""",
        [model_name],
    )
    env.invalidate_all()
    env.registry.clear_cache("templates")
    try:
        return _form_spec(env, model_name, view_xmlid)
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_views_stock")
        env.invalidate_all()
        env.registry.clear_cache("templates")


# ---- fixtures --------------------------------------------------------------------------


def _user(env, login, group):
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    user = Users.search([("login", "=", login)])
    return user or Users.create(
        {"login": login, "name": login, "groups_id": [(4, env.ref(group).id)]}
    )


def _open_callbacks(env, today):
    """Top the open callbacks up to OPEN_CALLBACKS; then give LIST_CALLBACKS of them,
    due up to today, to a new agent: the agent."""
    try:
        from . import populate_sql
    except ImportError:  # run as benchmarks/bench.py's neighbour
        import populate_sql

    cr = env.cr
    cr.execute("SELECT count(*) FROM fleet_aftersales_callback WHERE state = 'pending'")
    missing = OPEN_CALLBACKS - cr.fetchone()[0]
    if missing > 0:
        populate_sql.top_up_open_callbacks(env, missing, today)
    agent = _user(env, "bench.list_agent", "fleet_aftersales.fleet_aftersales_group_agent")
    cr.execute(
        """WITH picked AS (
               SELECT id, row_number() OVER (ORDER BY id) AS r FROM fleet_aftersales_callback
                WHERE state = 'pending' ORDER BY id LIMIT %s)
           UPDATE fleet_aftersales_callback c
              SET user_id = %s, date_due = %s::date - (p.r %% 30)::int
             FROM picked p WHERE p.id = c.id""",
        [LIST_CALLBACKS, agent.id, today],
    )
    cr.execute(
        """UPDATE mail_activity a SET user_id = c.user_id, date_deadline = c.date_due
             FROM fleet_aftersales_callback c
            WHERE a.res_model = 'fleet.aftersales.callback' AND a.res_id = c.id
              AND c.user_id = %s""",
        [agent.id],
    )
    env.invalidate_all()
    return agent


def _vehicle_with_visits(env):
    """A generated car with VISITS visits (its own copied, a day apart)."""
    cr = env.cr
    cr.execute("SELECT id FROM fleet_vehicle WHERE vin_sn LIKE 'BENCH%%' ORDER BY id DESC LIMIT 1")
    vehicle_id = cr.fetchone()[0]
    visit = env["fleet.aftersales.visit"]
    columns = [
        f'"{name}"'
        for name, field in visit._fields.items()
        if field.store and field.column_type and name != "id"
    ]
    exprs = [
        {
            '"name"': "t.name || '-' || g",
            '"reception_datetime"': "t.reception_datetime - g * interval '2 days'",
            '"delivery_datetime"': "t.delivery_datetime - g * interval '2 days'",
            '"delivery_date"': "(t.delivery_datetime - g * interval '2 days')::date",
        }.get(c, "t." + c)
        for c in columns
    ]
    cr.execute(
        "SELECT count(*), min(id) FROM fleet_aftersales_visit WHERE vehicle_id = %s", [vehicle_id]
    )
    count, first = cr.fetchone()
    cr.execute(
        f"""INSERT INTO fleet_aftersales_visit ({", ".join(columns)})
            SELECT {", ".join(exprs)} FROM fleet_aftersales_visit t,
                   generate_series(1, %s) g WHERE t.id = %s""",
        [VISITS - count, first],
    )
    return env["fleet.vehicle"].browse(vehicle_id)


def _customer_with_cars(env):
    """A generated customer owning CARS cars (the owners of the next ones moved)."""
    cr = env.cr
    cr.execute(
        "SELECT id, owner_id FROM fleet_vehicle WHERE vin_sn LIKE 'BENCH%%' ORDER BY id DESC LIMIT %s",
        [CARS],
    )
    rows = cr.fetchall()
    partner_id = rows[0][1]
    cr.execute(
        "UPDATE fleet_vehicle SET owner_id = %s, driver_id = %s WHERE id = ANY(%s)",
        [partner_id, partner_id, [r[0] for r in rows]],
    )
    env.invalidate_all()
    return env["res.partner"].browse(partner_id)


# ---- the measures ----------------------------------------------------------------------


def _list_domain(env, agent, today):
    """The agent's default list: the action's domain and its search defaults' filters."""
    action = env.ref("fleet_aftersales.fleet_aftersales_callback_action_my")
    context = safe_eval(action.context or "{}")
    search = env["fleet.aftersales.callback"].with_user(agent).get_views([(False, "search")])
    arch = etree.fromstring(search["views"]["search"]["arch"])
    eval_ctx = {
        "uid": agent.id,
        "context_today": lambda: safe_datetime.datetime.combine(today, safe_datetime.time()),
    }
    domain = safe_eval(action.domain or "[]")
    for key in context:
        if key.startswith("search_default_") and context[key]:
            node = arch.find(f".//filter[@name='{key[15:]}']")
            if node is not None and node.get("domain"):
                domain += safe_eval(node.get("domain"), eval_ctx)
    return domain


def measure_all(env, n):
    """Every screen's figures at this size (see the module docstring); rows for bench.py."""
    cr = env.cr
    cr.execute("SAVEPOINT bench_views")
    try:
        return _measure_all(env, n)
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_views")
        env.invalidate_all()
        env.registry.clear_cache("templates")


def _measure_all(env, n):
    company = env.company
    today = company._aftersales_today()
    manager = _user(env, "bench.manager", "fleet_aftersales.fleet_aftersales_group_manager")
    agent = _open_callbacks(env, today)
    vehicle = _vehicle_with_visits(env)
    partner = _customer_with_cars(env)
    # the rated answers' daily summary, as the module's install or upgrade builds it over
    # the history (populate_sql.py writes the answers in SQL, after the install)
    if "fleet.aftersales.answer.summary" in env:
        env["fleet.aftersales.answer.summary"]._cron_summarise()
    env.flush_all()
    rows = []
    menv = env(user=manager.id, context=dict(env.context, allowed_company_ids=[company.id]))
    aenv = env(user=agent.id, context=dict(env.context, allowed_company_ids=[company.id]))
    Statistics = menv["fleet.aftersales.statistics"]
    month = Statistics._month_bounds(today.replace(day=1) - timedelta(days=1))
    rows.append(
        _measure(
            env,
            "monthly statistics (manager)",
            lambda: Statistics._get_statistics(company.with_env(menv), *month),
            n,
        )
    )
    rows.append(
        _measure(
            env, "dashboard (manager)", menv["fleet.aftersales.dashboard"].get_dashboard_data, n
        )
    )
    Callback = aenv["fleet.aftersales.callback"]
    list_arch = etree.fromstring(Callback.get_views([(False, "list")])["views"]["list"]["arch"])
    list_spec = _spec(Callback, list_arch)
    domain = _list_domain(env, agent, today)
    row = _measure(
        env,
        "agent callback list (10,000)",
        lambda: Callback.web_search_read(domain, list_spec, limit=80, count_limit=10001),
        n,
    )
    row["records"] = Callback.search_count(domain)
    rows.append(row)
    row = _measure(
        env, "agent activity systray (100,000 open)", aenv["res.users"]._get_activity_groups, n
    )
    row["open_callbacks"] = Callback.sudo().search_count([("state", "=", "pending")])
    rows.append(row)
    for label, model, view, record in (
        ("vehicle form (200 visits)", "fleet.vehicle", "fleet.fleet_vehicle_view_form", vehicle),
        ("customer form (20 cars)", "res.partner", "base.view_partner_form", partner),
    ):
        ours = _form_spec(menv, model, view)
        stock = _stock_form_spec(menv, model, view)
        rec = record.with_env(menv)
        row = _measure(env, label, lambda rec=rec, spec=ours: rec.web_read(spec), n)
        peer = _measure(env, label, lambda rec=rec, spec=stock: rec.web_read(spec), n)
        row.update(
            peer_wall_s=peer["wall_s"],
            peer_queries=peer["queries"],
            ratio_to_peer=round(row["wall_s"] / peer["wall_s"], 2) if peer["wall_s"] else None,
            fields=len(ours),
            peer_fields=len(stock),
        )
        rows.append(row)
    return rows


def main():
    """``python benchmarks/bench_views.py CONF DB N``: the rows, printed (nothing kept)."""
    import sys

    import odoo
    from odoo import SUPERUSER_ID, api

    conf, db, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        for row in measure_all(api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"}), n):
            print(row, flush=True)
        cr.rollback()


if __name__ == "__main__":
    main()
