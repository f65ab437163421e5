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
ADMIN_URL=${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}

psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -q <<SQL
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
if ! psql "$ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $DB OWNER $ROLE"
fi
echo "PostgreSQL role $ROLE and database $DB ready"
