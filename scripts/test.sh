#!/usr/bin/env bash
# The test command: a fresh throw-away database, install and upgrade fleet_aftersales (with
# demo data), then one pytest-odoo run over the module's tests and Odoo's own fleet and
# account_fleet tests (installing us must not break them). Exits non-zero on any failure.
source "$(dirname "$0")/env.sh"
setup_all
# a private cluster started for this run is stopped with it (CI leaves nothing running)
[ -n "$PG_STARTED_HERE" ] && trap stop_postgres EXIT
DB="${TEST_DB:-fleet_aftersales_test}"
LOGS="$REPO_ROOT/.test-logs"
mkdir -p "$LOGS"

log "Fresh database $DB: installing fleet_aftersales with demo data ..."
install_fresh_db "$DB" "$LOGS/install.log"
log "Upgrading fleet_aftersales ..."
odoo_bin -d "$DB" -u fleet_aftersales --stop-after-init --log-level=warn >"$LOGS/upgrade.log" 2>&1 \
    || { tail -40 "$LOGS/upgrade.log" >&2; die "Upgrade failed: see $LOGS/upgrade.log"; }
check_log "$LOGS/upgrade.log" "Upgrade"

# Test files or folders given first replace the default set (a quick run of a few files:
# `bash scripts/test.sh fleet_aftersales/tests/test_visit.py -x`); other arguments go to pytest.
paths=(fleet_aftersales/tests "$ODOO_SRC/addons/fleet/tests" "$ODOO_SRC/addons/account_fleet/tests")
if [ $# -gt 0 ] && [ -e "$1" ]; then
    paths=()
    while [ $# -gt 0 ] && [ -e "${1%%::*}" ]; do paths+=("$1"); shift; done
fi
log "Running the tests (pytest-odoo) ..."
set +e
(
    cd "$REPO_ROOT"
    # --odoo-http starts Odoo's HTTP server for HttpCase tests (browser tours).
    python -m pytest -c "$REPO_ROOT/pytest.ini" --rootdir "$REPO_ROOT" --odoo-config "$ODOO_CONF" --odoo-database "$DB" \
        --odoo-http --odoo-log-level=warn -o log_level=WARNING \
        "${paths[@]}" "$@"
)
rc=$?
set -e
[ -z "${KEEP_TEST_DB:-}" ] && dropdb --if-exists "$DB" || true
exit $rc
