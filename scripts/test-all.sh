#!/usr/bin/env bash
# Every test of Learnloop in one command, for developers and CI alike:
#   1. build the release binary (the browser tests drive it),
#   2. the Rust tests with cargo-nextest: unit and property tests, the store's conformance
#      suite on SQLite and on PostgreSQL, and the web integration tests,
#   3. the browser tests in e2e/ (Playwright in Debian's Chromium, axe-core),
#   4. the API contract on SQLite and on PostgreSQL (scripts/api-contract.sh: the OpenAPI
#      document validated, then schemathesis: no 5xx, no undocumented status, no schema mismatch).
# Every part runs even when an earlier one fails; the exit status is non-zero if any failed.
#
# Needs: Rust with cargo-nextest, Node 20+ with npm, /usr/bin/chromium (Debian's chromium
# package), python3 with scripts/api-contract-requirements.txt, and PostgreSQL at $LEARNLOOP_TEST_POSTGRES_URL
# (default postgres://postgres@127.0.0.1:5432/postgres).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

export LEARNLOOP_TEST_POSTGRES_URL="${LEARNLOOP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

passed=()
failed=()
started=$SECONDS

part() {
  local name=$1
  shift
  local t0=$SECONDS
  echo
  echo "=== ${name}: $*"
  if "$@"; then
    echo "=== ${name}: ok ($((SECONDS - t0)) s)"
    passed+=("${name}")
  else
    echo "=== ${name}: FAILED, exit $? ($((SECONDS - t0)) s)"
    failed+=("${name}")
  fi
}

browser_tests() {
  local bin="${LEARNLOOP_BIN:-${root}/target/release/learnloop}"
  if [[ ! -x "${bin}" ]]; then
    echo "no learnloop binary at ${bin}" >&2
    return 1
  fi
  if [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
    echo "no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}: apt-get install chromium" >&2
    return 1
  fi
  if [[ ! -d e2e/node_modules/playwright-core || ! -d e2e/node_modules/axe-core ]]; then
    (cd e2e && npm ci --no-audit --no-fund) || return 1
  fi
  LEARNLOOP_BIN="${bin}" npm test --prefix e2e
}

part build cargo build --release --locked -p learnloop-cli
build_ok=0
(( ${#failed[@]} == 0 )) || build_ok=1

part rust-tests cargo nextest run --workspace --locked --no-fail-fast

if (( build_ok == 0 )) || [[ -n "${LEARNLOOP_BIN:-}" ]]; then
  part browser-tests browser_tests
else
  echo
  echo "=== browser-tests: not run, the release build failed"
  failed+=("browser-tests (not run: build failed)")
fi

api_contract_postgres() {
  local admin="${LEARNLOOP_TEST_POSTGRES_URL}"
  local base="${admin%/*}"
  psql "${admin}" -q -c "DROP DATABASE IF EXISTS learnloop_contract" -c "CREATE DATABASE learnloop_contract" || return 1
  bash scripts/api-contract.sh "${LEARNLOOP_BIN:-${root}/target/release/learnloop}" "${base}/learnloop_contract"
  local status=$?
  psql "${admin}" -q -c "DROP DATABASE IF EXISTS learnloop_contract"
  return ${status}
}

if (( build_ok == 0 )) || [[ -n "${LEARNLOOP_BIN:-}" ]]; then
  contract_db=$(mktemp -d)
  part api-contract-sqlite bash scripts/api-contract.sh "${LEARNLOOP_BIN:-${root}/target/release/learnloop}" "sqlite://${contract_db}/contract.db"
  rm -rf "${contract_db}"
  part api-contract-postgres api_contract_postgres
else
  failed+=("api-contract (not run: build failed)")
fi

echo
echo "=== test-all finished in $((SECONDS - started)) s"
for name in "${passed[@]}"; do echo "    ok      ${name}"; done
for name in "${failed[@]}"; do echo "    FAILED  ${name}"; done
if (( ${#failed[@]} > 0 )); then
  echo "test-all: FAILED (${failed[*]})"
  exit 1
fi
echo "test-all: all parts passed"
