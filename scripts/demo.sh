#!/usr/bin/env bash
# Creates (or reuses) a database with fleet_aftersales and its demo data, then serves it.
source "$(dirname "$0")/env.sh"
setup_all
DB="${DB:-fleet_aftersales_demo}"
PORT="${PORT:-8069}"
installed="$(psql -d "$DB" -Atqc "select state from ir_module_module where name='fleet_aftersales'" 2>/dev/null || true)"
if [ "$installed" = "installed" ]; then
    log "Database $DB exists: updating fleet_aftersales ..."
    odoo_bin -d "$DB" -u fleet_aftersales --stop-after-init --log-level=warn
else
    psql -d postgres -Atqc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
        && { log "Database $DB exists without the module: installing it ..."; } \
        || log "Creating database $DB with demo data (a few minutes the first time) ..."
    # Odoo 18 loads demo data by default on a new database.
    odoo_bin -d "$DB" -i fleet_aftersales --stop-after-init --log-level=warn --load-language=zh_CN,zh_TW
fi
cat >&2 <<MSG

  Odoo with fleet_aftersales and demo data:  http://localhost:$PORT
  Database: $DB    Login: admin    Password: admin
  (Ctrl-C stops the server; 'make stop' stops the private PostgreSQL.)

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${ODOO_ARGS[@]}" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --log-level=info
