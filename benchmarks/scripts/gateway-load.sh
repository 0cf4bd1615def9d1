#!/usr/bin/env bash
# Load run against the reference gateway (issue 8): the public tracking page, and in the same run the same
# server answering a static file (Quarkus/Vert.x with no Panjereh code on the path) as the baseline.
#
#   mvn -B -ntp -DskipTests install && bash benchmarks/scripts/gateway-load.sh
#
# Then (API=1, the default) the JSON API's GET /api/v1/requests/{id} with the same citizen's platform access
# token (issue 18), in the same run.
#
# Needs wrk (Debian: apt-get install wrk) and curl. Starts the gateway with its embedded sandbox on free
# ports, logs a sandbox test citizen in with curl, applies once, then loads /track?id=<that tracking id>.
# GATEWAY_JAVA_OPTS adds JVM options to the gateway (a JFR recording, say). APPLY_ONLY=1 measures the applications
# alone (a 5 s warm-up of them, then the POST line), for A/B runs of the apply path (JAR= the other build).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-reference-gateway/target/reference-gateway.jar}
PORT=${PORT:-18480}
SANDBOX_PORT=${SANDBOX_PORT:-18489}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
# Applications run below the exchange's default bulkhead (20 inquiries in flight per provider): more would be shed
# with 503 by design, which measures the shedding, not the work.
APPLY_CONNECTIONS=${APPLY_CONNECTIONS:-16}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
trap 'kill $GW 2>/dev/null || true; rm -rf "$WORK"' EXIT

java -Xmx512m ${GATEWAY_JAVA_OPTS:-} -Dgateway.sandbox.port=$SANDBOX_PORT -Dgateway.data-dir="$WORK/data" -jar "$JAR" --port=$PORT \
  > "$WORK/gateway.log" 2>&1 &
GW=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/q/health/ready" && break; sleep 0.1; done

# A citizen applies once, as in a browser without JavaScript.
J="$WORK/cookies"
AUTH=$(curl -s -c "$J" -b "$J" -o /dev/null -w '%{redirect_url}' "$BASE/login?returnTo=/apply/10101234568")
TXN=$(curl -s -c "$J" -b "$J" "$AUTH" | grep -o 'name="txn" value="[^"]*"' | sed 's/.*value="//; s/"$//')
CALLBACK=$(curl -s -c "$J" -b "$J" -o /dev/null -w '%{redirect_url}' --data "txn=$TXN&citizen=citizen-maryam&loa=urn:ir:gov:loa:2&action=login" \
  "http://127.0.0.1:$SANDBOX_PORT/authorize/login")
curl -s -c "$J" -b "$J" -o /dev/null "$CALLBACK"
FORM=$(curl -s -c "$J" -b "$J" "$BASE/apply/10101234568")
CSRF=$(grep -o 'name="csrf" value="[^"]*"' <<<"$FORM" | sed 's/.*value="//; s/"$//')
KEY=$(grep -o 'name="submission" value="[^"]*"' <<<"$FORM" | sed 's/.*value="//; s/"$//')
LOCATION=$(curl -s -c "$J" -b "$J" -o /dev/null -w '%{redirect_url}' --data "csrf=$CSRF&submission=$KEY&postalCode=1991943711" \
  "$BASE/apply/10101234568")
T=${LOCATION##*/}
echo "tracking id: $T"
curl -sf -o /dev/null "$BASE/track?id=$T"

if [ "${APPLY_ONLY:-0}" = 1 ]; then
  TOKEN=$(java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.ApiToken "http://127.0.0.1:$SANDBOX_PORT" \
    "$WORK/data/embedded-agency-key.jwk" "$BASE/callback")
  wrk -t2 -c$APPLY_CONNECTIONS -d5s -s benchmarks/scripts/apply.lua -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/requests" > /dev/null
  echo "== JSON API: POST /api/v1/requests (a new application each, its own Idempotency-Key; $APPLY_CONNECTIONS connections)"
  wrk -t2 -c$APPLY_CONNECTIONS -d$DURATION --latency -s benchmarks/scripts/apply.lua -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/requests"
  exit 0
fi
echo "== warm-up"
wrk -t2 -c$CONNECTIONS -d10s "$BASE/track?id=$T" > /dev/null
wrk -t2 -c$CONNECTIONS -d5s "$BASE/static/gateway.css" > /dev/null
echo "== baseline: static file from the same server ($DURATION, 2 threads, $CONNECTIONS connections)"
wrk -t2 -c$CONNECTIONS -d$DURATION --latency "$BASE/static/gateway.css"
echo "== public tracking page"
wrk -t2 -c$CONNECTIONS -d$DURATION --latency "$BASE/track?id=$T"
if [ "${API:-1}" = 1 ]; then
  # The same citizen's platform access token, as the mobile app holds it, and the same request through the JSON API.
  TOKEN=$(java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.ApiToken "http://127.0.0.1:$SANDBOX_PORT" \
    "$WORK/data/embedded-agency-key.jwk" "$BASE/callback")
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/requests/$T"
  wrk -t2 -c$CONNECTIONS -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/requests/$T" > /dev/null
  echo "== JSON API: GET /api/v1/requests/{id} with the platform access token"
  wrk -t2 -c$CONNECTIONS -d$DURATION --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/requests/$T"
  # Applications: each POST asks the exchange twice (civil registry, post; no Shahkar check on this card), gets a
  # tracking id from the platform, stores the request and its started event, and notifies the message box.
  echo "== JSON API: POST /api/v1/requests (a new application each, its own Idempotency-Key; $APPLY_CONNECTIONS connections)"
  wrk -t2 -c$APPLY_CONNECTIONS -d$DURATION --latency -s benchmarks/scripts/apply.lua -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/requests"
  # The anchor of the line above: the same two inquiries per application through the SDK's exchange client alone,
  # against the same embedded sandbox, from another JVM with as many threads as wrk had connections.
  echo "== the exchange alone: the two inquiries of an application, $APPLY_CONNECTIONS threads"
  java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.ExchangeLoad "http://127.0.0.1:$SANDBOX_PORT" \
    "$WORK/data/embedded-agency-key.jwk" "${DURATION%s}" "$APPLY_CONNECTIONS"
fi
echo "== RSS after load: $(ps -o rss= -p $GW | awk '{printf "%.0f MB", $1/1024}')"
