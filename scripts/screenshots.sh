#!/usr/bin/env bash
# `make screenshots`: the README's screenshots (fleet_aftersales/static/description/screenshots/)
# from a fresh demo database in zh_CN: each role's main screens in headless Chromium and the
# first page of two printed forms (pdftoppm); scripts/screenshots.py takes them. Odoo serves
# on $SHOTS_PORT (default 8082); it and a private PostgreSQL started here stop at the end,
# also on failure. KEEP_SHOTS_DB=1 keeps the database.
source "$(dirname "$0")/env.sh"
setup_all
command -v chromium >/dev/null || die "chromium not found: install Debian's chromium package (make setup does, as root)."
command -v pdftoppm >/dev/null || die "pdftoppm not found: install Debian's poppler-utils package (make setup does, as root)."
DB="${SHOTS_DB:-fleet_aftersales_shots}"
PORT="${SHOTS_PORT:-8082}"
URL="http://127.0.0.1:$PORT"
OUT="$REPO_ROOT/fleet_aftersales/static/description/screenshots"
LOGS="$REPO_ROOT/.test-logs"
mkdir -p "$LOGS"
ODOO_PID=""
started=$SECONDS

cleanup() {
    set +e  # clean up all, whatever fails
    if [ -n "$ODOO_PID" ]; then
        kill "$ODOO_PID" 2>/dev/null || true
        wait "$ODOO_PID" 2>/dev/null || true
    fi
    [ -n "${KEEP_SHOTS_DB:-}" ] || dropdb --if-exists "$DB" 2>/dev/null || true
    if [ -n "$PG_STARTED_HERE" ]; then stop_postgres; fi
}
trap cleanup EXIT

log "Fresh database $DB: installing fleet_aftersales with demo data and zh_CN ..."
install_fresh_db "$DB" "$LOGS/shots-install.log" --load-language=zh_CN

log "Serving $DB on $URL (log: $LOGS/shots-odoo.log) ..."
# no cron thread: the screens show the demo as generated
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${ODOO_ARGS[@]}" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT" --workers=0 --max-cron-threads=0 \
    --log-level=warn >"$LOGS/shots-odoo.log" 2>&1 &
ODOO_PID=$!
log "Taking the screenshots ..."
"$VENV/bin/python" "$REPO_ROOT/scripts/screenshots.py" "$URL" "$DB" "$OUT" \
    || die "Screenshots failed (Odoo's log: $LOGS/shots-odoo.log); the previous ones are kept."
log "Screenshots done in $((SECONDS - started)) s."
