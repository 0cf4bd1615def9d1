#!/usr/bin/env bash
# Issue 16, tried by hand: the platform (the gateway's embedded sandbox) behind nginx with a 1 s keep-alive, so
# every pooled connection the SDK keeps is closed by the proxy between the steps below (each waits 2 s). Login
# (PAR, then the code exchange), an application (exchange inquiries, tracking id) and a delivery must succeed;
# the gateway log shows each "failed on a pooled connection the server had closed ... retrying once".
#
#   mvn -B -ntp -DskipTests install && bash benchmarks/scripts/behind-a-closing-proxy.sh    (needs nginx and curl)
set -uo pipefail
JAR=$(cd "$(dirname "$0")/../.." && pwd)/reference-gateway/target/reference-gateway.jar
W=$(mktemp -d); cd "$W"
cat > nginx.conf <<CONF
worker_processes 1;
pid $W/nginx.pid;
error_log $W/error.log info;
events { worker_connections 256; }
http {
  access_log $W/access.log;
  # Apache httpd's KeepAliveTimeout is 5 s; this is harsher: a connection idle for 1 s is closed.
  keepalive_timeout 1s;
  server {
    listen 127.0.0.1:18190;
    location / {
      proxy_pass http://127.0.0.1:18189;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
CONF
nginx -c "$W/nginx.conf"
java -Dgateway.sandbox.port=18189 -Dgateway.sandbox.issuer=http://127.0.0.1:18190 -Dgateway.data-dir="$W/data" \
     -Dgateway.base-url=http://127.0.0.1:18180 -Dquarkus.log.category.\"org.panjereh.core.internal.StaleConnectionRetry\".level=DEBUG -jar "$JAR" --port=18180 > gateway.log 2>&1 &
GW=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:18180/q/health/ready && break; sleep 0.2; done
BASE=http://127.0.0.1:18180; P=http://127.0.0.1:18190
login() { # $1 jar, $2 citizen, $3 start
  AUTH=$(curl -s -c "$1" -b "$1" -o /dev/null -w '%{redirect_url}' "$BASE/login?returnTo=$3")
  echo "  PAR done, redirect to: ${AUTH%%\?*}"; sleep 2   # longer than nginx's keep-alive: the pooled connection is closed
  TXN=$(curl -s -c "$1" -b "$1" "$AUTH" | grep -o 'name="txn" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  CB=$(curl -s -c "$1" -b "$1" -o /dev/null -w '%{redirect_url}' --data "txn=$TXN&citizen=$2&loa=urn:ir:gov:loa:2&action=login" "$P/authorize/login")
  sleep 2
  curl -s -c "$1" -b "$1" -o /dev/null -w "  callback: %{http_code}\n" "$CB"
}
echo "citizen logs in"; login cookies1 citizen-maryam /apply/10101234568
sleep 2
FORM=$(curl -s -c cookies1 -b cookies1 "$BASE/apply/10101234568")
CSRF=$(grep -o 'name="csrf" value="[^"]*"' <<<"$FORM" | sed 's/.*value="//; s/"$//'); KEY=$(grep -o 'name="submission" value="[^"]*"' <<<"$FORM" | sed 's/.*value="//; s/"$//')
LOC=$(curl -s -c cookies1 -b cookies1 -o /dev/null -w '%{redirect_url}' --data "csrf=$CSRF&submission=$KEY&postalCode=1991943711" "$BASE/apply/10101234568")
T=${LOC##*/}; echo "applied: tracking id $T"
sleep 2
echo "staff logs in"; login cookies2 citizen-ali /staff
sleep 2
CON=$(curl -s -c cookies2 -b cookies2 "$BASE/staff")
SC=$(grep -o 'name="csrf" value="[^"]*"' <<<"$CON" | head -1 | sed 's/.*value="//; s/"$//')
curl -s -c cookies2 -b cookies2 -o /dev/null -w "deliver: %{http_code}\n" --data "csrf=$SC&version=0" "$BASE/staff/requests/$T/deliver"
sleep 3
echo "events at the platform for $T:"; curl -s "$P/admin/record/event" | grep -o "ir.gov.service.[a-z]*" | sort | uniq -c
echo "gateway log: refusals $(grep -c 'Refused \[' gateway.log), stale-connection retries $(grep -ci 'stale\|again on a new connection' gateway.log), errors $(grep -c ' ERROR ' gateway.log)"
grep -i "stale\|new connection" gateway.log | head -3
echo "nginx: $(wc -l < access.log) requests proxied"
kill $GW; nginx -c "$W/nginx.conf" -s stop
