#!/usr/bin/env bash
# Regenerates fleet_aftersales/i18n/fleet_aftersales.pot from a database with the module
# installed (as Odoo's own export does) and merges it into every .po file.
source "$(dirname "$0")/env.sh"
setup_all
DB="${I18N_DB:-fleet_aftersales_i18n}"
POT="$REPO_ROOT/fleet_aftersales/i18n/fleet_aftersales.pot"
dropdb --if-exists "$DB"
odoo_bin -d "$DB" -i fleet_aftersales --without-demo=all --stop-after-init --log-level=warn
odoo_bin -d "$DB" --i18n-export="$POT" --modules=fleet_aftersales --stop-after-init --log-level=warn
dropdb --if-exists "$DB"
"$VENV/bin/python" "$REPO_ROOT/scripts/po_merge.py" "$POT" "$REPO_ROOT"/fleet_aftersales/i18n/*.po
# Fill only the empty entries (our glossary scripts/i18n/*.json, Odoo's own wording, then
# OpenCC for zh_TW); a translation already in a .po file is never overwritten.
"$VENV/bin/python" "$REPO_ROOT/scripts/po_fill.py" "$ODOO_SRC" "$REPO_ROOT/fleet_aftersales/i18n"
log "i18n/ regenerated: $(grep -c '^msgid ' "$POT") terms."
