#!/usr/bin/env bash
# The reference gateway as a provider on the national exchange under load (issue 26): «استعلام پروانه کسب» answering
# calls the exchange authenticated, beside the gateway's public tracking page, same client and connections, same run.
#
#   mvn -B -ntp -DskipTests install && bash benchmarks/scripts/provider-load.sh
#
# Starts the gateway with its embedded sandbox on free ports and the provider's per-consumer rate raised (the default,
# 600 a minute, would measure the 429s). CONNECTIONS (32) and SECONDS (10) per measured run.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-reference-gateway/target/reference-gateway.jar}
PORT=${PORT:-18490}
SANDBOX_PORT=${SANDBOX_PORT:-18499}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
trap 'kill $GW 2>/dev/null || true; rm -rf "$WORK"' EXIT

java -Xmx512m ${GATEWAY_JAVA_OPTS:-} -Dgateway.sandbox.port=$SANDBOX_PORT -Dgateway.data-dir="$WORK/data" \
  -Dgateway.base-url=$BASE -Dgateway.exchange.provider-rate-per-minute=100000 -jar "$JAR" --port=$PORT \
  > "$WORK/gateway.log" 2>&1 &
GW=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/q/health/ready" && break; sleep 0.1; done
java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.ProviderLoad "$BASE" "http://127.0.0.1:$SANDBOX_PORT" \
  "${CONNECTIONS:-32}" "${SECONDS_PER_RUN:-10}"
