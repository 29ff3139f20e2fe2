#!/usr/bin/env bash
# The benchmark (benchmarks/bench.py). Usage: bash scripts/bench.sh [N ...] (default 10000 100000)
# For each N: a template database with the module (no demo) and the generated data, made
# once (generation takes minutes at 100,000); every run measures on a fresh copy of it.
source "$(dirname "$0")/env.sh"
setup_all
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
targets=()
version="$(python3 -c "import ast; print(ast.literal_eval(open('$REPO_ROOT/fleet_aftersales/__manifest__.py').read())['version'])")"
for n in "${sizes[@]}"; do
    template="fleet_aftersales_bench_${n}_data"
    generated="$(psql -d "$template" -Atqc "select count(*) from fleet_vehicle where vin_sn like 'BENCH%'" 2>/dev/null || echo 0)"
    # a template made by another version of the module is made again (its schema differs)
    made_by="$(psql -d "$template" -Atqc "select latest_version from ir_module_module where name = 'fleet_aftersales'" 2>/dev/null || true)"
    if [ "$generated" != "$n" ] || [ "$made_by" != "$version" ]; then
        dropdb --if-exists "$template"
        log "Creating $template (module without demo data, then $n vehicles) ..."
        odoo_bin -d "$template" -i fleet_aftersales --without-demo=all --stop-after-init --log-level=warn
        "$VENV/bin/python" "$REPO_ROOT/benchmarks/bench.py" "$ODOO_CONF" generate "$template" "$n"
    fi
    db="fleet_aftersales_bench_$n"
    dropdb --if-exists "$db"
    createdb -T "$template" "$db"
    targets+=("$db:$n")
done
"$VENV/bin/python" "$REPO_ROOT/benchmarks/bench.py" "$ODOO_CONF" measure "${targets[@]}"
