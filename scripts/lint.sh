#!/usr/bin/env bash
# The linters of .pre-commit-config.yaml, run from .venv (pre-commit's own hook download
# needs the network; these are the same tools, pinned in requirements-dev.txt).
source "$(dirname "$0")/env.sh"
find_odoo; export ODOO_SRC
ensure_venv
export PATH="$VENV/bin:$PATH" PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
cd "$REPO_ROOT"
log "ruff check / ruff format --check ..."
ruff check fleet_aftersales scripts benchmarks
ruff format --check fleet_aftersales scripts benchmarks
log "pylint-odoo ..."
pylint --rcfile=.pylintrc-mandatory --score=n fleet_aftersales
log "check_shape (files under models/ <= 600 lines, functions <= 50 lines) ..."
python scripts/check_shape.py fleet_aftersales
log "Lint passed."
