#!/usr/bin/env bash
# Sourced by the other scripts: finds Odoo 18.0, prepares the virtual environment
# and a PostgreSQL server, and exports what odoo-bin and pytest-odoo need.
#
# Odoo is looked for, in order:
#   1. $ODOO_SRC, a source tree of Odoo 18.0 (the folder holding odoo-bin);
#   2. an importable `odoo` package of the Python running the scripts ($PYTHON, default python3);
#   3. .odoo-src/ in this repository (a previous fallback clone);
#   4. on a machine with internet, a shallow clone of the upstream 18.0 branch into .odoo-src/.
# PostgreSQL: the server named by the usual PG* variables when one answers, otherwise a
# private cluster in .pg/ (Unix socket only) run by the `postgres` user when we are root.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$REPO_ROOT/.venv"
ODOO_UPSTREAM="${ODOO_UPSTREAM:-https://github.com/odoo/odoo.git}"

log() { printf '\033[1m[fleet_aftersales]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[fleet_aftersales] %s\033[0m\n' "$*" >&2; exit 1; }

is_odoo18_src() {
    [ -f "$1/odoo/release.py" ] && grep -q "version_info = (18, 0" "$1/odoo/release.py"
}

find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo18_src "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (no odoo/release.py with version 18.0)."
        return
    fi
    local found
    found="$("$PYTHON" - <<'PY' 2>/dev/null || true
import os, odoo
print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))
PY
)"
    if [ -n "$found" ] && is_odoo18_src "$found"; then
        ODOO_SRC="$found"
        return
    fi
    if is_odoo18_src "$REPO_ROOT/.odoo-src"; then
        ODOO_SRC="$REPO_ROOT/.odoo-src"
        return
    fi
    if command -v git >/dev/null && timeout 20 git ls-remote --heads "$ODOO_UPSTREAM" 18.0 >/dev/null 2>&1; then
        log "No Odoo found: cloning the upstream 18.0 branch (shallow) into .odoo-src/ ..."
        git clone --quiet --depth 1 --branch 18.0 "$ODOO_UPSTREAM" "$REPO_ROOT/.odoo-src"
        ODOO_SRC="$REPO_ROOT/.odoo-src"
        return
    fi
    die "Odoo 18.0 not found: set ODOO_SRC to an Odoo 18.0 source tree (or make 'import odoo' work for $PYTHON); the upstream 18.0 branch could not be fetched either."
}

addons_path() {
    local p="$REPO_ROOT"
    [ -d "$ODOO_SRC/addons" ] && p="$p,$ODOO_SRC/addons"
    p="$p,$ODOO_SRC/odoo/addons"
    printf '%s' "$p"
}

# ---- Debian packages ----------------------------------------------------------------
ensure_debian_packages() {
    local missing=()
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    # (no `fc-list | grep -q`: under pipefail grep's early exit would fail the pipeline)
    local fonts; fonts="$(fc-list 2>/dev/null || true)"
    grep -qi "Noto S[a-z]* CJK" <<<"$fonts" || missing+=(fonts-noto-cjk)
    command -v chromium >/dev/null || missing+=(chromium)
    # pdftotext/pdffonts: the PDF layout test reads the printed pages and their fonts
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "Installing Debian packages: ${missing[*]}"
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || log "Could not install ${missing[*]}: PDFs and browser tours may be skipped."
    else
        log "Missing Debian packages: ${missing[*]} (install them as root)."
        log "Without wkhtmltopdf reports render as HTML only; without fonts-noto-cjk Chinese PDFs show boxes; without chromium browser tours are skipped."
    fi
}

# ---- Python virtual environment -------------------------------------------------------
ensure_venv() {
    local stamp="$VENV/.fleet_aftersales-stamp"
    local want
    want="$(cat "$ODOO_SRC/requirements.txt" "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt" | sha1sum | cut -c1-12)-$ODOO_SRC"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    log "Preparing the virtual environment in .venv/ (Odoo's requirements without python-ldap, and ours) ..."
    # --system-site-packages: reuse what this machine already has (fast and offline-friendly);
    # pip then installs only what is missing or at another version.
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv --system-site-packages "$VENV"
    local reqs constraints
    reqs="$(mktemp)"; constraints="$(mktemp)"
    grep -vi '^python-ldap' "$ODOO_SRC/requirements.txt" > "$reqs"
    # Old sdists (e.g. in Odoo's pins) still import pkg_resources while building.
    echo 'setuptools<70' > "$constraints"
    PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        -r "$reqs" -r "$REPO_ROOT/requirements-dev.txt"
    # OCA addons (requirements.txt) are pip packages that require the `odoo` distribution:
    # make the Odoo tree one (editable, nothing copied) unless it already is.
    if ! "$VENV/bin/python" -c 'import importlib.metadata as m; m.version("odoo")' >/dev/null 2>&1; then
        log "Registering $ODOO_SRC as the odoo distribution (pip install -e) ..."
        PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            --no-deps -e "$ODOO_SRC"
    fi
    PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        -r "$REPO_ROOT/requirements.txt"
    rm -f "$reqs" "$constraints"
    echo "$want" > "$stamp"
}

# ---- PostgreSQL --------------------------------------------------------------------
PG_DIR="$REPO_ROOT/.pg"
PG_STARTED_HERE=""
pg_private_running() { [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg pg_ctl -D "$PG_DIR/data" status >/dev/null 2>&1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        # initdb and pg_ctl refuse to run as root: run them as the postgres user.
        runuser -u postgres -- env PATH="$PATH" "$@"
    else
        "$@"
    fi
}

pg_bin_dir() {
    local d
    for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent)")" /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }  # (a bare return in an EXIT trap returns the exit status)
    done
    return 1
}

ensure_postgres() {
    # 1. A server named by the environment (PGHOST/PGPORT/PGUSER/PGPASSWORD) that answers.
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ] && [ -z "${FA_PRIVATE_PG:-}" ] \
        && psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        DB_HOST="${PGHOST:-False}" DB_PORT="${PGPORT:-False}" DB_USER="${PGUSER:-False}" DB_PASSWORD="${PGPASSWORD:-False}"
        log "Using the PostgreSQL server named by PG* variables."
        return
    fi
    # 2. A private cluster in .pg/, on a Unix socket.
    local bin
    bin="$(pg_bin_dir)" || die "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql, or set PGHOST/PGPORT/PGUSER to a running server."
    export PATH="$bin:$PATH"
    local sock="$PG_DIR/run"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        log "Creating a private PostgreSQL cluster in .pg/ ..."
        mkdir -p "$PG_DIR/data" "$sock"
        [ "$(id -u)" = 0 ] && chown -R postgres: "$PG_DIR"
        chmod 700 "$PG_DIR/data"
        # trust is safe here: the cluster listens on no TCP port, only on a socket in .pg/run.
        as_pg initdb -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 512MB
CONF
    fi
    if ! pg_private_running; then
        # a stale pid file from a killed server must not block the start
        rm -f "$PG_DIR/data/postmaster.pid"
        as_pg pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null \
            || die "The private PostgreSQL did not start: see .pg/server.log"
        PG_STARTED_HERE=1
    fi
    # Odoo refuses to connect as the 'postgres' superuser: use a role of its own.
    psql -h "$sock" -U postgres -d postgres -Atqc \
        "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='odoo') THEN CREATE ROLE odoo LOGIN SUPERUSER; END IF; END\$\$" >/dev/null
    export PGHOST="$sock" PGUSER=odoo PGPORT=5432
    DB_HOST="$sock" DB_PORT=5432 DB_USER=odoo DB_PASSWORD=False
}

stop_postgres() {
    local bin
    bin="$(pg_bin_dir)" || return 0
    export PATH="$bin:$PATH"
    if pg_private_running; then
        as_pg pg_ctl -D "$PG_DIR/data" -m fast stop >/dev/null && log "Private PostgreSQL stopped."
    fi
}

# ---- Everything ---------------------------------------------------------------------
setup_all() {
    find_odoo
    export ODOO_SRC
    ensure_debian_packages
    ensure_venv
    ensure_postgres
    export PATH="$VENV/bin:$PATH"
    export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
    ADDONS_PATH="$(addons_path)"
    mkdir -p "$REPO_ROOT/.odoo-data"
    # One config file for odoo-bin and for pytest-odoo (which reads no odoo-bin options).
    ODOO_CONF="$REPO_ROOT/.odoo.conf"
    {
        echo "[options]"
        echo "addons_path = $ADDONS_PATH"
        echo "data_dir = $REPO_ROOT/.odoo-data"
        echo "db_host = $DB_HOST"
        echo "db_port = $DB_PORT"
        echo "db_user = $DB_USER"
        echo "db_password = $DB_PASSWORD"
        echo "admin_passwd = admin"
        # another port lets two checkouts run their browser tours at once
        if [ -n "${ODOO_HTTP_PORT:-}" ]; then echo "http_port = $ODOO_HTTP_PORT"; fi
    } > "$ODOO_CONF"
    ODOO_ARGS=(-c "$ODOO_CONF")
    log "Odoo: $ODOO_SRC"
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${ODOO_ARGS[@]}" "$@"; }

check_log() {  # an install or upgrade that logged an error has failed, whatever odoo-bin returned
    # (Odoo logs demo data that failed to load as a mere warning: that fails too)
    local pattern=" (ERROR|CRITICAL) |demo data failed to install"
    if grep -E "$pattern" "$1" >/dev/null; then
        grep -E -A15 "$pattern" "$1" | head -60 >&2
        die "$2 logged errors: see $1"
    fi
}

# install_fresh_db DB LOG [odoo-bin options...]: drops DB, installs fleet_aftersales with its
# demo data into a new one (odoo-bin's output in LOG) and fails on any error it logged.
install_fresh_db() {
    local db="$1" logfile="$2"
    shift 2
    dropdb --if-exists "$db"
    odoo_bin -d "$db" -i fleet_aftersales --stop-after-init --log-level=warn "$@" >"$logfile" 2>&1 \
        || { tail -40 "$logfile" >&2; die "Install failed: see $logfile"; }
    check_log "$logfile" "Install"
}
