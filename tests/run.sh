#!/usr/bin/env bash
# `make test`: make sure PostgreSQL's server binaries exist (Debian's postgresql
# package, installed with apt-get when missing), then run the whole suite on
# SQLite and on a throwaway PostgreSQL server that the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

have_pg() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

if ! have_pg; then
  echo "PostgreSQL server binaries not found: installing Debian's postgresql package" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

workers="${PROV_TEST_WORKERS:-2}"
exec .venv/bin/python -m pytest -n "$workers" "$@"
