# fleet_aftersales — the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
DB ?= fleet_aftersales_demo
PORT ?= 8069

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## find Odoo, prepare .venv, Debian packages and PostgreSQL
	@bash scripts/setup.sh

demo: ## serve Odoo with the module and demo data on http://localhost:$(PORT)
	@DB=$(DB) PORT=$(PORT) bash scripts/demo.sh

test: ## fresh database, install, run the module's tests and Odoo's fleet tests (pytest-odoo)
	@bash scripts/test.sh

lint: ## ruff and pylint-odoo on the module
	@bash scripts/lint.sh

bench: ## benchmark the scheduled actions and statistics at 10,000 and 100,000 vehicles
	@bash scripts/bench.sh $(N)

screenshots: ## retake the README's screenshots from a fresh demo in zh_CN (headless Chromium, pdftoppm)
	@bash scripts/screenshots.sh

i18n: ## regenerate fleet_aftersales/i18n/fleet_aftersales.pot and merge the .po files
	@bash scripts/i18n.sh

stop: ## stop the private PostgreSQL cluster
	@bash -c 'source scripts/env.sh && stop_postgres'

.PHONY: help setup demo test lint bench screenshots i18n stop
