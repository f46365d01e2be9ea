#!/usr/bin/env bash
# Property-based API testing: schemathesis (PyPI) generates requests from the OpenAPI document of a running
# guomen and checks that no response is a 5xx and that every response matches the document. It runs once per
# role that owns routes, for a bounded number of examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/debug/guomen
[ -x "$bin" ] || cargo build -p guomen
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi
data=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" demo --data "$data/db" --no-serve --days 1 > /dev/null
tokens=()
for spec in "officer --port PVG" "supervisor" "admin" "analyst" "carrier --carrier MU"; do
  role=${spec%% *}
  # shellcheck disable=SC2086
  tokens+=("$role:$("$bin" token create --data "$data/db" --name "st-$role" --role $spec 2>/dev/null)")
done
GUOMEN_LOG=warn "$bin" serve --data "$data/db" --listen "127.0.0.1:$port" > "$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
  sleep 0.2
done
export SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$PWD/.ci${PYTHONPATH:+:$PYTHONPATH}"
status=0
for t in "${tokens[@]}"; do
  role=${t%%:*}
  echo "-- schemathesis as $role"
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    -H "Authorization: Bearer ${t#*:}" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --phases examples,coverage,fuzzing --max-examples "${SCHEMATHESIS_EXAMPLES:-10}" \
    --warnings off --seed 9303 --no-color || status=1
done
if grep -q -i 'panicked' "$data/server.log"; then
  echo "the server panicked:"; grep -i -A3 panicked "$data/server.log"; status=1
fi
exit $status
