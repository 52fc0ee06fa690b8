#!/usr/bin/env bash
# Soak test of the monitor server (issue 9, item 5): sustained load for a chosen time, sampling the
# server's RSS, heap, GC, threads, open files and the request latency every minute, to show they stay flat.
#
#   bench/soak.sh                      # 10 minutes, 50 requests/s x 20 messages = 1,000 messages/s
#   bench/soak.sh --minutes 3          # shorter
#   bench/soak.sh --minutes 60 --rate 100 --batch 50 --server-heap 512m --out soak.md
#
# What runs (all on 127.0.0.1): a real single-node KRaft broker inside the driver's JVM, the server
# (`monitor-server serve`, -Xms = -Xmx = --server-heap, default 256m) in a JVM of its own, and an
# open-loop load generator (latency from each request's intended start). At the end every message
# answered 200 must be in Kafka. Exit status 0 only if every answer was 200, none was left unsent and
# Kafka holds exactly the acknowledged count. The driver is
# system-tests/src/test/java/eu/atmosphere/tmaf/monitor/systemtest/SoakDriver.java.
#
# Build first (once): mvn -B -q -pl system-tests -am install -DskipTests
# Environment: MVN_FLAGS (e.g. "-o" offline), SOAK_SKIP_BUILD=1 to reuse the last class path.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; echo; echo "driver options: --minutes N (10) --rate requests/s (50)" \
      "--batch messages/request (20) --sample-seconds S (60) --server-heap SIZE (256m) --out FILE.md"; exit 0 ;;
  esac
done

CP_FILE=system-tests/target/soak.classpath
if [ "${SOAK_SKIP_BUILD:-}" != 1 ] || [ ! -f "$CP_FILE" ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -pl system-tests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
fi

exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.eu.atmosphere.tmaf=warn \
  -cp "system-tests/target/test-classes:$(cat "$CP_FILE")" \
  eu.atmosphere.tmaf.monitor.systemtest.SoakDriver "$@"
