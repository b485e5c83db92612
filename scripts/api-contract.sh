#!/usr/bin/env bash
# The API keeps the promises its OpenAPI document makes, on one database:
#   1. the document passes a standard validator (openapi-spec-validator),
#   2. a property-based tester (schemathesis) sends requests generated from the document to every
#      operation but sign-out, as a signed-in quality lead, and fails on any 5xx, any status the
#      document does not list, and any body that does not match the document's schema.
# Usage: scripts/api-contract.sh <learnloop binary> <database URL>
# Needs: python3 with the packages in scripts/api-contract-requirements.txt.
set -euo pipefail

bin=$1
database_url=$2
port=${LEARNLOOP_CONTRACT_PORT:-18181}
base="http://127.0.0.1:${port}"
work=$(mktemp -d)
server_pid=
stop() {
  [[ -n "${server_pid}" ]] && kill "${server_pid}" 2>/dev/null && wait "${server_pid}" 2>/dev/null
  rm -rf "${work}"
}
trap stop EXIT

"${bin}" demo --database-url "${database_url}" --addr "127.0.0.1:${port}" > "${work}/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  curl -fsS "${base}/healthz" > /dev/null 2>&1 && break
  if ! kill -0 "${server_pid}" 2>/dev/null; then cat "${work}/server.log"; exit 1; fi
  sleep 0.5
done
curl -fsS "${base}/api/v1/openapi.json" -o "${work}/openapi.json"

echo "--- openapi-spec-validator"
python3 -m openapi_spec_validator "${work}/openapi.json"

token=$(DATABASE_URL="${database_url}" "${bin}" user token --email quality@demo.learnloop.test)

echo "--- schemathesis (${database_url%%:*})"
schemathesis run "${base}/api/v1/openapi.json" \
  --url "${base}" \
  --header "Authorization: Bearer ${token}" \
  --exclude-path /api/v1/auth/logout \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${LEARNLOOP_CONTRACT_EXAMPLES:-12}" \
  --seed 2026 \
  --generation-deterministic \
  --workers 1 \
  --warnings off
