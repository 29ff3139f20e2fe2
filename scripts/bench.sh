#!/usr/bin/env bash
# The benchmark (benchmarks/bench.py). Usage: bash scripts/bench.sh [N ...] (default 10000 100000)
# For each N: a template database with the module (no demo) and the generated data, made
# once (generation takes minutes at 100,000); bench.py measures on fresh copies of it
# (CREATE DATABASE ... TEMPLATE, as createdb -T: 3 timed runs, 1 memory run, 1 with two
# workers at once), dropped after.
source "$(dirname "$0")/env.sh"
setup_all
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
targets=()
version="$(python3 -c "import ast; print(ast.literal_eval(open('$REPO_ROOT/fleet_aftersales/__manifest__.py').read())['version'])")"
# the module's code: a template made by other code is upgraded (its schema may differ)
source_hash="$(cd "$REPO_ROOT" && find fleet_aftersales -name '*.py' -o -name '*.xml' -o -name '*.csv' | sort | xargs cat | sha1sum | cut -c1-12)"
ORM_MAX=100000  # larger sizes: a copy of the 10,000 template, multiplied in SQL
BASE=10000
# the template of size $1, made if missing or made by another version, upgraded if made
# by other code
ensure_template() {
    local n="$1" template="fleet_aftersales_bench_${1}_data" generated made_by made_from start
    # above ORM_MAX: the base template first, then copied
    [ "$n" -gt "$ORM_MAX" ] && ensure_template "$BASE"
    generated="$(psql -d "$template" -Atqc "select count(*) from fleet_vehicle where vin_sn like 'BENCH%'" 2>/dev/null || echo 0)"
    # a template made by another version of the module is made again (its schema differs)
    made_by="$(psql -d "$template" -Atqc "select latest_version from ir_module_module where name = 'fleet_aftersales'" 2>/dev/null || true)"
    if [ "$generated" != "$n" ] || [ "$made_by" != "$version" ]; then
        dropdb --if-exists "$template"
        if [ "$n" -le "$ORM_MAX" ]; then
            log "Creating $template (module without demo data, then $n vehicles) ..."
            odoo_bin -d "$template" -i fleet_aftersales --without-demo=all --stop-after-init --log-level=warn
            "$VENV/bin/python" "$REPO_ROOT/benchmarks/bench.py" "$ODOO_CONF" generate "$template" "$n"
        else
            # ---- hook: sizes above ORM_MAX (1,000,000): benchmarks/populate_sql.py (perf-scale)
            # the base template (checked above: same version and code) copied, then multiplied
            [ -f "$REPO_ROOT/benchmarks/populate_sql.py" ] || die "benchmarks/populate_sql.py is needed for N=$n"
            log "Creating $template (a copy of fleet_aftersales_bench_${BASE}_data, multiplied to $n) ..."
            psql -d postgres -Atqc "CREATE DATABASE \"$template\" TEMPLATE \"fleet_aftersales_bench_${BASE}_data\"" >/dev/null
            start=$SECONDS
            "$VENV/bin/python" "$REPO_ROOT/benchmarks/populate_sql.py" "$ODOO_CONF" "$template" "$n"
            log "$template multiplied in $((SECONDS - start)) s"
        fi
        psql -d "$template" -Atqc "insert into ir_config_parameter (key, value) values ('fleet_aftersales.bench_source', '$source_hash') on conflict (key) do update set value = excluded.value" >/dev/null
    fi
    made_from="$(psql -d "$template" -Atqc "select value from ir_config_parameter where key = 'fleet_aftersales.bench_source'" 2>/dev/null || true)"
    if [ "$made_from" != "$source_hash" ]; then
        log "Upgrading fleet_aftersales in $template (the module's code changed) ..."
        odoo_bin -d "$template" -u fleet_aftersales --stop-after-init --log-level=warn
        psql -d "$template" -Atqc "insert into ir_config_parameter (key, value) values ('fleet_aftersales.bench_source', '$source_hash') on conflict (key) do update set value = excluded.value" >/dev/null
    fi
}
for n in "${sizes[@]}"; do
    ensure_template "$n"
    targets+=("fleet_aftersales_bench_${n}_data:$n")
done
"$VENV/bin/python" "$REPO_ROOT/benchmarks/bench.py" "$ODOO_CONF" measure "${targets[@]}"
