#!/usr/bin/env bash
# Start time and memory of the reference gateway beside its anchor, a bare Quarkus application with the same
# extensions and packaging (benchmarks/bare-quarkus), both from the same build, alternated in the same run
# (issue 18).
#
#   mvn -B -ntp -DskipTests install && bash benchmarks/scripts/gateway-start.sh
#
# Each round starts each application with `java -jar` (the README's command; only the ports and data directory set),
# polls it with curl every 10 ms and records the time from launch to its first HTTP answer and to its readiness
# (below), then the RSS one second after readiness, then stops it. The gateway runs twice per round: on a new data
# directory (first start: keys generated, database created) and on the directory the first start left
# (every later start), and a third time with its start-up heap release turned off (gateway.start.release-heap=false).
# The bare application's RSS is also taken after the same release done from outside with jcmd (the heap free ratios
# lowered for one full collection, then put back), so that each side is seen with and without it. ROUNDS (default 5)
# rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
GATEWAY=${GATEWAY:-reference-gateway/target/reference-gateway.jar}
BARE=${BARE:-benchmarks/bare-quarkus/target/bare-quarkus.jar}
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-18580}
SANDBOX_PORT=${SANDBOX_PORT:-18589}
WORK=$(mktemp -d)
PID=
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

now_ms() { date +%s%3N; }

# measure LABEL JAR [java options...]: one start, printed as "LABEL first-answer ready rss". First answer: the first
# HTTP answer of any status on /q/health/live; ready: /q/health/ready answers 200 and / answers 200 (the gateway's
# catalogue needs its platform).
measure() {
  local label=$1 jar=$2; shift 2
  local t0 t1 t2 code
  t0=$(now_ms)
  java "$@" -jar "$jar" > "$WORK/$label.log" 2>&1 &
  PID=$!
  t1=
  while :; do
    if [ -z "$t1" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/q/health/live" || true)
      [ "$code" != "000" ] && t1=$(now_ms)
    fi
    if [ -n "$t1" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/q/health/ready" || true)
      if [ "$code" = "200" ]; then
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$PORT/" || true)
        [ "$code" = "200" ] && break
      fi
    fi
    kill -0 $PID 2>/dev/null || { echo "$label exited; log:"; cat "$WORK/$label.log"; exit 1; }
    sleep 0.01
  done
  t2=$(now_ms)
  sleep 1
  local rss released=
  rss=$(( $(ps -o rss= -p $PID) / 1024 ))
  if [ "$label" = bare-quarkus ]; then
    # What StartupHeapRelease does inside the gateway, done to the bare application from outside.
    jcmd $PID VM.set_flag MinHeapFreeRatio 0 > /dev/null
    jcmd $PID VM.set_flag MaxHeapFreeRatio 10 > /dev/null
    jcmd $PID GC.run > /dev/null
    jcmd $PID VM.set_flag MaxHeapFreeRatio 70 > /dev/null
    jcmd $PID VM.set_flag MinHeapFreeRatio 40 > /dev/null
    sleep 1
    released="   released by jcmd: RSS $(( $(ps -o rss= -p $PID) / 1024 )) MB"
  fi
  kill $PID; wait $PID 2>/dev/null || true
  PID=
  printf '%-16s first answer %6d ms   ready %6d ms   RSS %5d MB%s\n' "$label" $((t1 - t0)) $((t2 - t0)) "$rss" "$released"
}

for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/data"
  measure bare-quarkus "$BARE" -Dquarkus.http.port=$PORT
  measure gateway-first "$GATEWAY" -Dquarkus.http.port=$PORT -Dgateway.sandbox.port=$SANDBOX_PORT -Dgateway.data-dir="$WORK/data"
  measure gateway-again "$GATEWAY" -Dquarkus.http.port=$PORT -Dgateway.sandbox.port=$SANDBOX_PORT -Dgateway.data-dir="$WORK/data"
  measure gateway-keep "$GATEWAY" -Dquarkus.http.port=$PORT -Dgateway.sandbox.port=$SANDBOX_PORT -Dgateway.data-dir="$WORK/data" \
    -Dgateway.start.release-heap=false
done
