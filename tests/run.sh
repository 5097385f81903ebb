#!/usr/bin/env bash
# `make test`: make sure what the tests drive exists (PostgreSQL's server binaries and
# Chromium, from Debian's postgresql and chromium packages, installed with apt-get
# when missing), then run the whole suite on SQLite and on a throwaway PostgreSQL
# server that the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

have_pg() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

missing=()
have_pg || missing+=(postgresql)
# The HTML report is checked in a real browser: Debian's chromium, driven by Playwright.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "not found: ${missing[*]}; installing Debian's package(s)" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export PROV_TEST_REQUIRE_CHROMIUM=1

# Types first: mypy on src/ with the config in pyproject.toml ([tool.mypy]).
.venv/bin/mypy

workers="${PROV_TEST_WORKERS:-2}"
exec .venv/bin/python -m pytest -n "$workers" "$@"
