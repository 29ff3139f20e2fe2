"""Multiply the benchmark's dealer in SQL: from the ORM generator's 10,000 to 1,000,000 and more.

Usage: ``python benchmarks/populate_sql.py CONF DB N`` on a copy of the template that the
ORM generator made (``fleet_aftersales/populate/volume.py``, 10,000 vehicles), or
``populate(env, n)``. Which path makes which size:

* 10,000 and 100,000 vehicles: the ORM generator alone (volume.generate, through the ORM);
* 1,000,000 and more: the ORM generator's 10,000, then this script multiplies them.

So every size holds the same dealer: each copy is a field-by-field copy of a generated
record, so the copies keep the generator's distributions (visit dates and odometers, the
ratings and reason tags of the answers, the agents, the companies), and ``volume.py``'s
rule holds whatever N: the 1,500 cars the generator makes due today (the first
``3 * DUE_PER_KIND``: insurance, satisfaction, maintenance, lost; 500 of each kind, the
birthdays none) are never copied, only the 8,500 "regular" ones, which nothing makes due
today. What the generator computes from a car's index ``i`` is computed again from the
copy's index (the customer's name, mobile, street and city; the plate; the insurance
expiry; the last month's call day; complaints for 1 % of the customers, fleet contracts
for half of the cars). What a copy changes: its plate takes the new-energy form
(粤A·D12345, six characters) so that plates stay unique beyond 100,000; its VIN
is ``BENCH`` followed by its index in base 33 (unique, 17 characters); the visit
number gets a ``-k`` suffix (k the copy). Chatter messages are not copied.

On top, ~10 % of the regular customers get an open (pending) call due within the next
60 days (never today), with its automated activity and its agent as follower: the agents'
open work (``add_open_callbacks``; ~100,000 at 1,000,000 vehicles), in the daily action's
steady state, so that the first daily run on a copy creates the day's items and writes
nothing else (bench.py's ``preexisting_*_written``, 0 at every size). They are inbound
calls (a customer who called in, to be called back): a kind the daily action neither
generates nor refreshes. They used to be maintenance reminders, and those cannot be in
that state here: the reminders' refresh compares their ``reminder_date`` with their car's
next service date, and a regular car is never due, so the first daily run cancelled them
(at 30,000: 2,847 of 2,850, state and note written, activities removed) and moved the
rest. Their activities are the module's own (``_get_activity_target``: summary and note
in the agent's language, deadline, type; the record's name as ``res_name``), computed in
chunks and inserted in SQL; the follower of each is what ``mail.activity.create``
subscribes.

Why not ``odoo-bin populate`` as it is: Odoo 18's ``odoo/tools/populate.py`` multiplies
whole tables by a factor (``INSERT ... SELECT ... FROM t, generate_series``, the id shifted
by the table's last id times the copy number, the many2ones to a copied model shifted the
same way). That is the scheme used here, and its helpers are used as they are
(``PopulateContext`` to drop the indexes and skip the foreign-key triggers while
inserting, ``fetch_last_id``). But its field variations break the benchmark's data: it
moves every date back by up to ``factor`` days (which makes copies due today and spreads
last month's calls over four months), appends the copy number to every char field that is
searched or unique (a VIN of 19 characters, 周杰1 as a name) and renames the originals, and it
copies the due-today records too. So the column list is Odoo's (every stored column of
the model, by ``_fields``), and the expressions are its raw copy and id/many2one shifts,
except for the columns the generator derives from the index, given here per table.
Then ANALYZE.
"""

import math
import sys
import time
from datetime import date, timedelta

from psycopg2.extras import execute_values

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools.populate import PopulateContext, fetch_last_id

# the generator's constants (fleet_aftersales/populate/generator.py), as SQL literals
SPREAD = 618033989
NEW_ENERGY = "DFGHJKLMNP"  # plate letter of a copy: the index's hundred-thousands
B33 = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
OPEN_SHARE = 10  # one customer in ten has an open call
# a kind the daily action neither generates nor refreshes: a customer who called in, to be
# called back (a pending maintenance reminder would be cancelled or moved by its refresh:
# regular cars are never due, so their reminders cannot be in its steady state)
OPEN_KIND = "inbound"
ACTIVITY_CHUNK = 5000


class _Table:
    """A relation table seen as a model by PopulateContext.ignore_indexes."""

    def __init__(self, env, table):
        self.env, self._table = env, table


def _sql_array(values):
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def _columns(model):
    return [
        name
        for name, field in model._fields.items()
        if field.store and field.column_type and not (field.type == "binary" and field.attachment)
    ]


def _copy(env, model_name, overrides, source, ctx, shifts):
    """Insert ``SELECT <columns> FROM <source>`` into the model's table: every stored
    column raw-copied from ``t`` except the ``overrides`` (column -> SQL) and the
    many2ones to a model of ``shifts`` (model -> SQL of its id shift), shifted."""
    model = env[model_name]
    columns, exprs = [], []
    for name in _columns(model):
        field = model._fields[name]
        columns.append(f'"{name}"')
        if name in overrides:
            exprs.append(overrides[name])
        elif field.type == "many2one" and field.comodel_name in shifts:
            exprs.append(f't."{name}" + {shifts[field.comodel_name]}')
        else:
            exprs.append(f't."{name}"')
    with ctx.ignore_indexes(model), ctx.ignore_fkey_constraints(model):
        env.cr.execute(
            f'INSERT INTO "{model._table}" ({", ".join(columns)}) '
            f"SELECT {', '.join(exprs)} FROM {source}"
        )
        count = env.cr.rowcount
    _set_sequence(env, model._table)
    return count


def _set_sequence(env, table):
    env.cr.execute(
        f"SELECT setval('{table}_id_seq', (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"
    )


def _log(msg, start):
    print(f"[populate_sql] {msg} ({time.perf_counter() - start:.0f} s)", flush=True)


def _templates(env, due):
    """The base's vehicles in the generator's order (i), and the regular ones (i >= due)
    as the template of every copy (rank 0..R-1)."""
    cr = env.cr
    cr.execute("DROP TABLE IF EXISTS bench_base")
    cr.execute(
        """CREATE TEMP TABLE bench_base AS
           SELECT row_number() OVER (ORDER BY id) - 1 AS i, id AS vehicle_id, owner_id AS partner_id
             FROM fleet_vehicle WHERE vin_sn LIKE 'BENCH%%'"""
    )
    cr.execute("DROP TABLE IF EXISTS bench_tmpl")
    cr.execute(
        """CREATE TEMP TABLE bench_tmpl AS
           SELECT i - %s AS rank, vehicle_id, partner_id FROM bench_base WHERE i >= %s""",
        [due, due],
    )
    cr.execute("CREATE INDEX ON bench_tmpl (vehicle_id); CREATE INDEX ON bench_tmpl (partner_id)")
    cr.execute("ANALYZE bench_tmpl")
    cr.execute("SELECT count(*) FROM bench_base")
    base = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM bench_tmpl")
    return base, cr.fetchone()[0]


def populate(env, n, today=None):
    """Multiply the generated dealer to ``n`` vehicles; the counts inserted, by table."""
    from odoo.addons.fleet_aftersales.populate import generator, volume

    today = today or date.today()
    start = time.perf_counter()
    cr = env.cr
    ctx = PopulateContext()
    due = 3 * volume.DUE_PER_KIND
    base, regular = _templates(env, due)
    if n <= base:
        return {}
    copies = math.ceil((n - base) / regular)
    last = {
        m: fetch_last_id(env[m])
        for m in (
            "res.partner",
            "fleet.vehicle",
            "fleet.vehicle.odometer",
            "fleet.aftersales.visit",
            "fleet.aftersales.callback",
            "fleet.aftersales.callback.answer",
        )
    }
    shifts = {m: f"{lid} * s.k" for m, lid in last.items()}
    # the copy's index in the generator's order: i = base + (k - 1) * regular + rank
    idx = f"(({base} + (s.k - 1) * {regular} + b.rank)::int)"
    series = f"generate_series(1, {copies}) AS s(k)"
    keep = f"{idx} < {n}"
    counts = {}
    names = _sql_array(generator.SURNAMES)
    given = _sql_array(generator.GIVEN)
    streets = _sql_array(generator.STREETS)
    cities = _sql_array([c for c, _r in generator.CITIES])
    regions = _sql_array([r for _c, r in generator.CITIES])
    ns, ng, nst = len(generator.SURNAMES), len(generator.GIVEN), len(generator.STREETS)
    name = f"({names})[{idx} % {ns} + 1] || ({given})[({idx} + {idx} / {ns}) % {ng} + 1]"
    mobile = f"'13' || lpad((({idx}::bigint * {SPREAD} + 123456789) % 1000000000)::text, 9, '0')"
    counts["res_partner"] = _copy(
        env,
        "res.partner",
        {
            "id": "t.id + " + shifts["res.partner"],
            "name": name,
            "complete_name": name,
            "mobile": mobile,
            "phone_sanitized": f"CASE WHEN t.phone_sanitized IS NULL THEN NULL ELSE '+86' || {mobile} END",
            "street": f"({streets})[{idx} % {nst} + 1] || ' ' || (({idx}::bigint * {SPREAD}) % 999 + 1) || ' 号'",
            "city": f"({cities})[{idx} % 4 + 1]",
        },
        f"res_partner t JOIN bench_tmpl b ON b.partner_id = t.id, {series} WHERE {keep}",
        ctx,
        shifts,
    )
    _log(f"{counts['res_partner']} customers", start)
    # a copy's plate: its region (its owner's city) and a new-energy number unique in it
    plate = (
        f"({regions})[{idx} % 4 + 1] || '·' || substr('{NEW_ENERGY}', {idx} / 4 / 100000 + 1, 1)"
        f" || lpad(({idx} / 4 % 100000)::text, 5, '0')"
    )
    vin = "'BENCH' || " + " || ".join(
        f"substr('{B33}', (({idx}::bigint / {33**p}) % 33)::int + 1, 1)" for p in range(11, -1, -1)
    )
    counts["fleet_vehicle"] = _copy(
        env,
        "fleet.vehicle",
        {
            "id": "t.id + " + shifts["fleet.vehicle"],
            "license_plate": plate,
            "vin_sn": vin,
            "name": f"replace(t.name, t.license_plate, {plate})",
            "insurance_expiry_date": f"DATE '{today}' + 200 + ({idx} % 150)::int",
        },
        f"fleet_vehicle t JOIN bench_tmpl b ON b.vehicle_id = t.id, {series} WHERE {keep}",
        ctx,
        shifts,
    )
    _log(f"{counts['fleet_vehicle']} vehicles", start)
    counts["fleet_vehicle_odometer"] = _copy(
        env,
        "fleet.vehicle.odometer",
        {
            "id": "t.id + " + shifts["fleet.vehicle.odometer"],
            "name": f"replace(t.name, v.license_plate, {plate})",
        },
        "fleet_vehicle_odometer t JOIN bench_tmpl b ON b.vehicle_id = t.vehicle_id"
        f" JOIN fleet_vehicle v ON v.id = t.vehicle_id, {series} WHERE {keep}",
        ctx,
        shifts,
    )
    counts["fleet_aftersales_visit"] = _copy(
        env,
        "fleet.aftersales.visit",
        {"id": "t.id + " + shifts["fleet.aftersales.visit"], "name": "t.name || '-' || s.k"},
        f"fleet_aftersales_visit t JOIN bench_tmpl b ON b.vehicle_id = t.vehicle_id, {series}"
        f" WHERE {keep}",
        ctx,
        shifts,
    )
    _log(f"{counts['fleet_aftersales_visit']} visits", start)
    # last month's call of each customer: on day (partner id % 28) of the month, as volume.py
    month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    day = f"DATE '{month_start}' + ((t.partner_id + {shifts['res.partner']}) % 28)::int"
    counts["fleet_aftersales_callback"] = _copy(
        env,
        "fleet.aftersales.callback",
        {
            "id": "t.id + " + shifts["fleet.aftersales.callback"],
            "date_due": day,
            "date_done": day,
            "date_first_due": f"CASE WHEN t.date_first_due IS NULL THEN NULL ELSE {day} END",
        },
        f"fleet_aftersales_callback t JOIN bench_tmpl b ON b.partner_id = t.partner_id, {series}"
        f" WHERE {keep} AND t.state = 'done'",
        ctx,
        shifts,
    )
    _log(f"{counts['fleet_aftersales_callback']} callbacks", start)
    counts["fleet_aftersales_callback_answer"] = _copy(
        env,
        "fleet.aftersales.callback.answer",
        {
            "id": "t.id + " + shifts["fleet.aftersales.callback.answer"],
            "date_done": f"DATE '{month_start}' + ((c.partner_id + {shifts['res.partner']}) % 28)::int",
        },
        "fleet_aftersales_callback_answer t"
        " JOIN fleet_aftersales_callback c ON c.id = t.callback_id AND c.state = 'done'"
        f" JOIN bench_tmpl b ON b.partner_id = c.partner_id, {series} WHERE {keep}",
        ctx,
        shifts,
    )
    _log(f"{counts['fleet_aftersales_callback_answer']} answers", start)
    counts["answer_tags"] = _copy_answer_tags(env, ctx, shifts, series, keep)
    counts.update(_complaints_and_contracts(env, n, base, regular, last, today, copies))
    _log("complaints and contracts", start)
    counts["open_callbacks"] = add_open_callbacks(env, n, today, due)
    _log(f"{counts['open_callbacks']} open callbacks with their activities", start)
    cr.execute("ANALYZE")
    _log("ANALYZE", start)
    return counts


def _copy_answer_tags(env, ctx, shifts, series, keep):
    field = env["fleet.aftersales.callback.answer"]._fields["reason_tag_ids"]
    rel, col1, col2 = field.relation, field.column1, field.column2
    shift = shifts["fleet.aftersales.callback.answer"]
    table = _Table(env, rel)
    with ctx.ignore_indexes(table), ctx.ignore_fkey_constraints(table):
        env.cr.execute(
            f"""INSERT INTO {rel} ({col1}, {col2})
                SELECT t.{col1} + {shift}, t.{col2} FROM {rel} t
                  JOIN fleet_aftersales_callback_answer a ON a.id = t.{col1}
                  JOIN fleet_aftersales_callback c ON c.id = a.callback_id AND c.state = 'done'
                  JOIN bench_tmpl b ON b.partner_id = c.partner_id, {series} WHERE {keep}"""
        )
        return env.cr.rowcount


def _all_vehicles(env, base, regular, last, copies):
    """Every vehicle with its generator index, base and copies (a temp table)."""
    cr = env.cr
    cr.execute("DROP TABLE IF EXISTS bench_all")
    cr.execute(
        f"""CREATE TEMP TABLE bench_all AS
            SELECT i, vehicle_id, partner_id FROM bench_base
            UNION ALL
            SELECT {base} + (s.k - 1) * {regular} + b.rank,
                   b.vehicle_id + {last["fleet.vehicle"]} * s.k,
                   b.partner_id + {last["res.partner"]} * s.k
              FROM bench_tmpl b, generate_series(1, {copies}) AS s(k)"""
    )
    cr.execute(
        "DELETE FROM bench_all a WHERE NOT EXISTS (SELECT FROM fleet_vehicle v WHERE v.id = a.vehicle_id)"
    )
    cr.execute("CREATE INDEX ON bench_all (i)")
    cr.execute("ANALYZE bench_all")


def _complaints_and_contracts(env, n, base, regular, last, today, copies):
    """volume.py's complaints (the owners of the first n // 100 cars) and fleet contracts
    (the first n // 2 cars, all but the first 500 expiring in 200 days): those missing."""
    from odoo.addons.fleet_aftersales.populate import volume

    cr = env.cr
    _all_vehicles(env, base, regular, last, copies)
    counts = {}
    ctx = PopulateContext()
    cr.execute("SELECT count(*), min(id) FROM fleet_aftersales_complaint")
    have, first = cr.fetchone()
    if first and n // 100 > have:
        counts["fleet_aftersales_complaint"] = _copy(
            env,
            "fleet.aftersales.complaint",
            {
                "id": "nextval('fleet_aftersales_complaint_id_seq')",
                "partner_id": "a.partner_id",
                "name": "t.name || '-' || a.i",
            },
            f"fleet_aftersales_complaint t, bench_all a WHERE t.id = {first}"
            f" AND a.i >= {have} AND a.i < {n // 100}",
            ctx,
            {},
        )
    cr.execute(
        "SELECT count(*), max(id) FROM fleet_vehicle_log_contract WHERE expiration_date > %s",
        [today + timedelta(days=100)],
    )
    _regular, template = cr.fetchone()
    cr.execute("SELECT count(*) FROM fleet_vehicle_log_contract")
    have = cr.fetchone()[0]
    if template and n // 2 > have:
        counts["fleet_vehicle_log_contract"] = _copy(
            env,
            "fleet.vehicle.log.contract",
            {
                "id": "nextval('fleet_vehicle_log_contract_id_seq')",
                "vehicle_id": "a.vehicle_id",
                "name": "replace(t.name, tv.license_plate, v.license_plate)",
            },
            f"fleet_vehicle_log_contract t JOIN fleet_vehicle tv ON tv.id = t.vehicle_id,"
            f" bench_all a JOIN fleet_vehicle v ON v.id = a.vehicle_id WHERE t.id = {template}"
            f" AND a.i >= {max(have, volume.DUE_PER_KIND)} AND a.i < {n // 2}",
            ctx,
            {},
        )
    return counts


def add_open_callbacks(env, n, today, due, share=OPEN_SHARE):
    """Open maintenance-reminder calls with their automated activity for one regular
    customer (i >= ``due``) in ``share``, due in 1 to 60 days (never today), for the
    company's agents in turn; the number created."""
    env.cr.execute("SELECT to_regclass('bench_all') IS NOT NULL")
    source = "bench_all" if env.cr.fetchone()[0] else "bench_base"
    return _insert_open_callbacks(
        env,
        f"SELECT * FROM {source} WHERE i >= {due} AND i < {n} AND i %% {share} = 5",
        today,
        share,
    )


def top_up_open_callbacks(env, count, today):
    """``count`` more open calls as ``add_open_callbacks`` makes them, over the regular
    customers as often as needed (a size with fewer customers than open calls)."""
    from odoo.addons.fleet_aftersales.populate import volume

    due = 3 * volume.DUE_PER_KIND
    _base, regular = _templates(env, due)
    rounds = math.ceil(count / regular)
    source = f"""SELECT b.i + g.r::bigint * 1000000 AS i, b.vehicle_id, b.partner_id
                   FROM bench_base b, generate_series(0, {rounds - 1}) AS g(r)
                  WHERE b.i >= {due} ORDER BY g.r, b.i LIMIT {count}"""
    return _insert_open_callbacks(env, source, today, 1)


def _insert_open_callbacks(env, source, today, share):
    cr = env.cr
    company = env.company
    agents = company.aftersales_agent_ids
    activity_type = env["mail.activity.type"].search(
        [("aftersales_callback_type", "=", OPEN_KIND)], limit=1
    )
    user_array = "ARRAY[" + ",".join(str(u) for u in agents.ids) + "]::int[]"
    cr.execute(
        f"""INSERT INTO fleet_aftersales_callback
                (company_id, callback_type, partner_id, vehicle_id, user_id, date_due,
                 date_first_due, reminder_date, channel, direction, state, attempt_count,
                 has_bad_answer, has_rating, is_satisfied, create_uid, write_uid,
                 create_date, write_date)
            SELECT %(company)s, %(kind)s, a.partner_id, a.vehicle_id,
                   ({user_array})[a.i / %(share)s %% %(agents)s + 1],
                   %(today)s::date + 1 + (a.i / %(share)s %% 60)::int,
                   %(today)s::date + 1 + (a.i / %(share)s %% 60)::int,
                   NULL,
                   'phone', 'outbound', 'pending', 0, false, false, false,
                   %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM ({source}) a
            RETURNING id""",
        {
            "company": company.id,
            "kind": OPEN_KIND,
            "share": share,
            "agents": len(agents),
            "today": today,
            "uid": SUPERUSER_ID,
        },
    )
    ids = [r[0] for r in cr.fetchall()]
    env.invalidate_all()
    _insert_activities(env, ids, activity_type)
    return len(ids)


def _insert_activities(env, callback_ids, activity_type):
    """The automated activity of each callback, as the callback's activity sync makes it
    (``_get_activity_target``: its agent, type, deadline, summary and note in the agent's
    language; the record's name), and its agent as the callback's follower (what
    ``mail.activity.create`` subscribes): the daily action's steady state, which its run
    leaves alone. The values are the module's, computed in chunks; the rows inserted in SQL."""
    from odoo.addons.fleet_aftersales.tools.batch_texts import BatchTexts

    if not callback_ids:
        return
    Callback = env["fleet.aftersales.callback"].with_context(prefetch_fields=False)
    columns = (
        "res_model_id, res_model, res_id, res_name, activity_type_id, summary, note, user_id,"
        " date_deadline, automated, active, create_uid, write_uid, create_date, write_date"
    )
    for start in range(0, len(callback_ids), ACTIVITY_CHUNK):
        callbacks = Callback.browse(callback_ids[start : start + ACTIVITY_CHUNK])
        texts = BatchTexts()
        rows = []
        for callback in callbacks:
            target = callback._get_activity_target(activity_type, texts)
            rows.append(
                (
                    target["res_model_id"],
                    Callback._name,
                    callback.id,
                    callback.display_name,
                    target["activity_type_id"],
                    target["summary"],
                    str(target["note"]) if target["note"] else None,
                    target["user_id"],
                    target["date_deadline"],
                )
            )
        execute_values(
            env.cr._obj,
            f"INSERT INTO mail_activity ({columns}) VALUES %s",
            rows,
            template=f"(%s, %s, %s, %s, %s, %s, %s, %s, %s, true, true, {SUPERUSER_ID},"
            f" {SUPERUSER_ID}, now() at time zone 'UTC', now() at time zone 'UTC')",
            page_size=1000,
        )
        env.invalidate_all()
    env.cr.execute(
        """INSERT INTO mail_followers (res_model, res_id, partner_id)
           SELECT 'fleet.aftersales.callback', c.id, u.partner_id
             FROM fleet_aftersales_callback c JOIN res_users u ON u.id = c.user_id
            WHERE c.id = ANY(%s)
           ON CONFLICT DO NOTHING""",
        [callback_ids],
    )


def main():
    conf, db, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    registry = odoo.modules.registry.Registry(db)
    start = time.perf_counter()
    with registry.cursor() as cr:
        counts = populate(api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"}), n)
        cr.commit()
    print(f"[populate_sql] {db}: {n} vehicles in {time.perf_counter() - start:.0f} s: {counts}")


if __name__ == "__main__":
    main()
