#!/usr/bin/env bash
# Create the application's PostgreSQL role and database (idempotent).
# The role owns its tables but is NOSUPERUSER NOBYPASSRLS, so row-level security binds it.
# APP_DB_CREATEDB=1 (CI) also lets it create the test runner's test_<db>; production
# does not need that.
set -euo pipefail
ROLE=${APP_DB_ROLE:-campaigns_app}
PASSWORD=${APP_DB_PASSWORD:-campaigns}
DB=${APP_DB_NAME:-campaigns}
CREATEDB=$([ "${APP_DB_CREATEDB:-0}" = "1" ] && echo CREATEDB || echo NOCREATEDB)
# As a PostgreSQL superuser: PG_ADMIN_URL if given; as root, the postgres system user
# over the local socket (Debian's default peer authentication); else postgres over TCP.
if [ -n "${PG_ADMIN_URL:-}" ]; then
  admin_psql() { psql "$PG_ADMIN_URL" "$@"; }
elif [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
  admin_psql() { runuser -u postgres -- psql "$@"; }
else
  admin_psql() { psql postgresql://postgres@127.0.0.1:5432/postgres "$@"; }
fi

admin_psql -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' NOSUPERUSER NOBYPASSRLS $CREATEDB NOCREATEROLE;
  ELSE
    ALTER ROLE $ROLE LOGIN NOSUPERUSER NOBYPASSRLS $CREATEDB NOCREATEROLE;
  END IF;
END
\$\$;
SQL
if ! admin_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  admin_psql -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $DB OWNER $ROLE"
fi
echo "PostgreSQL role $ROLE and database $DB ready"
