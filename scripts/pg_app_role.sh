#!/usr/bin/env bash
# Create the application's two PostgreSQL roles and its database (idempotent).
# - The owner role (APP_DB_OWNER, campaigns_owner) owns the database and its tables and
#   runs the migrations.
# - The runtime role (APP_DB_ROLE, campaigns_app) is what the web and the workers connect
#   as: it owns nothing and holds only SELECT/INSERT/UPDATE/DELETE on the tables (and
#   the sequences), so it cannot ALTER a table and switch row-level security off.
# Both are NOSUPERUSER NOBYPASSRLS, so row-level security binds them. The owner may
# SET ROLE to the runtime role (the test suite runs that way); never the reverse.
# APP_DB_CREATEDB=1 (CI) lets both create test databases; production does not need that.
# Run it again after upgrading from one role: the tables then change owner.
set -euo pipefail
ROLE=${APP_DB_ROLE:-campaigns_app}
PASSWORD=${APP_DB_PASSWORD:-campaigns}
OWNER=${APP_DB_OWNER:-campaigns_owner}
OWNER_PASSWORD=${APP_DB_OWNER_PASSWORD:-campaigns}
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
SET client_min_messages = warning;
DO \$\$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES ('$OWNER', '$OWNER_PASSWORD'), ('$ROLE', '$PASSWORD')) AS v(name, pass) LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOBYPASSRLS $CREATEDB NOCREATEROLE', r.name, r.pass);
    ELSE
      EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS $CREATEDB NOCREATEROLE', r.name);
    END IF;
  END LOOP;
END
\$\$;
GRANT $ROLE TO $OWNER;
SQL
if ! admin_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  admin_psql -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $DB OWNER $OWNER"
fi

# In the database: the owner owns everything (tables made by the one role of earlier
# releases change owner), the runtime role gets its privileges on what exists and, by
# default, on what the owner's migrations create later.
admin_psql -v ON_ERROR_STOP=1 -q <<SQL
\\connect $DB
ALTER DATABASE $DB OWNER TO $OWNER;
DO \$\$
DECLARE
  r record;
BEGIN
  -- Tables first (their own sequences follow them), then any sequence left.
  FOR r IN
    SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
      AND pg_get_userbyid(c.relowner) = '$ROLE'
  LOOP
    EXECUTE format(
      'ALTER %s public.%I OWNER TO $OWNER',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
      r.relname);
  END LOOP;
  FOR r IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) = '$ROLE'
  LOOP
    EXECUTE format('ALTER SEQUENCE public.%I OWNER TO $OWNER', r.relname);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = '$ROLE'
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO $OWNER', r.fn);
  END LOOP;
END
\$\$;
GRANT CONNECT, TEMPORARY ON DATABASE $DB TO $ROLE;
GRANT USAGE ON SCHEMA public TO $ROLE;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $ROLE;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO $ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE $OWNER IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO $ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE $OWNER IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO $ROLE;
SQL
echo "PostgreSQL roles $OWNER (owner, migrations) and $ROLE (runtime) and database $DB ready"
