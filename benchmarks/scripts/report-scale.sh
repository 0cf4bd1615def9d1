#!/usr/bin/env bash
# Issue 29's scale run: the reference gateway's monthly report (MonthlyFigures, the class it reports with) over one
# Jalali month of REQUESTS requests (1,000,000 by default) on an embedded PostgreSQL, five times.
#
#   mvn -B -ntp -DskipTests install && bash benchmarks/scripts/report-scale.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -ntp -pl reference-gateway test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
  -Dexec.classpathScope=test -Dexec.mainClass=org.panjereh.gateway.ReportScale -Dexec.args="${1:-1000000}"
