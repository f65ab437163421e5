#!/usr/bin/env bash
# Runs once inside the postgres container on first start (docker-entrypoint-initdb.d):
# the owner role (migrations), the runtime role (web, workers) and the database, by the
# same script as everywhere else (over the container's local socket).
set -euo pipefail
PG_ADMIN_URL="postgresql:///postgres?user=${POSTGRES_USER}" bash /opt/campaigns/pg_app_role.sh
