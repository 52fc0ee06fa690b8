#!/usr/bin/env bash
# Benchmark harness of the TMA Monitor (issue 8). Run from anywhere; works on the built jars:
#   mvn -B -q -o -pl monitor-server,bench -am install -DskipTests   (or a full mvn -B install)
#   bench/run.sh            full run (~10 min): throughput, latency, ProducerPerformance, CPU, RSS, JFR, TLS/auth
#   bench/run.sh --smoke    correctness only (records in Kafka == messages acknowledged with 200), < 1 min
#   bench/run.sh --help     every option; `bench/run.sh load --url ...` drives a server you started yourself
# Needs only a JDK 17+ (java, and jcmd for the profile): no wrk, no Docker, no network beyond 127.0.0.1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BENCH_JAR=$ROOT/bench/target/monitor-bench.jar
SERVER_JAR=$ROOT/monitor-server/target/monitor-server.jar
for jar in "$BENCH_JAR" "$SERVER_JAR"; do
  if [ ! -f "$jar" ]; then
    echo "bench/run.sh: $jar is missing; build first: mvn -B -q -pl monitor-server,bench -am install -DskipTests" >&2
    exit 2
  fi
done
BENCH_GIT_COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
export BENCH_GIT_COMMIT
# the harness itself stays small: its load generator threads, a Kafka consumer to count records
exec java -Xms256m -Xmx1g -XX:+UseParallelGC -cp "$BENCH_JAR:$ROOT/bench/target/lib/*" \
  eu.atmosphere.tmaf.monitor.bench.Harness "$@"
