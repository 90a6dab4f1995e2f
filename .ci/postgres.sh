#!/usr/bin/env bash
# Start PostgreSQL from Debian's packages (installed when missing) with a careerpath role and test
# database; print the SQLAlchemy URL the service tests read from CAREERPATH_TEST_DATABASE_URL.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster < <(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1) && cluster=main
  pg_createcluster "$version" "$cluster" >/dev/null
fi
pg_ctlcluster "$version" "$cluster" start >&2 2>/dev/null || true  # already running is fine
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
as_postgres() { su postgres -c "$1"; }
as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='careerpath'\"" | grep -q 1 \
  || as_postgres "psql -qc \"CREATE ROLE careerpath LOGIN PASSWORD 'careerpath'\"" >&2
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='careerpath_test'\"" | grep -q 1 \
  || as_postgres "createdb -O careerpath careerpath_test" >&2
echo "postgresql+psycopg://careerpath:careerpath@127.0.0.1/careerpath_test"
