#!/usr/bin/env bash
# Prepares everything the other commands need; safe to run again.
source "$(dirname "$0")/env.sh"
setup_all
log "Ready: Odoo $ODOO_SRC, virtual environment .venv/, PostgreSQL on ${PGHOST:-its default}."
