#!/usr/bin/env bash
# Issue 29's dashboard run: the reference gateway's staff dashboard (StaffReports, the page body the gateway serves) for
# a finished Jalali month of REQUESTS requests (100,000 by default) on an embedded PostgreSQL, asked by THREADS staff at
# once (32), VIEWS times in all (3,200), beside the same month counted without the dashboard's cache.
#
#   mvn -B -ntp -DskipTests install && bash benchmarks/scripts/dashboard-load.sh [REQUESTS] [THREADS] [VIEWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -ntp -pl reference-gateway test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
  -Dexec.classpathScope=test -Dexec.mainClass=org.panjereh.gateway.DashboardLoad \
  -Dexec.args="${1:-100000} ${2:-32} ${3:-3200}"
