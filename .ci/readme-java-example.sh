#!/usr/bin/env bash
# The README as a reader follows it, after `mvn -B install`: its first command (the monitor on its embedded
# broker) runs, its Java example (pom.xml + ExampleProbe.java, extracted from README.md) is built and run with the
# README's command, offline (only what the build put into the local repository), and its message must arrive
# in Kafka; the example's output must not start with SLF4J warnings, and the monitor must stop cleanly (no
# Kafka client closed twice, one logging back end). Maven flags such as -Dmaven.repo.local come from MAVEN_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
server=
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "readme-java-example: $1" >&2
  [ -z "${2:-}" ] || tail -40 "$2" >&2
  exit 1
}

# block LANG MARKER: the README's fenced ```LANG block that contains MARKER
block() {
  awk -v lang="$1" -v marker="$2" '
    $0 == "```" lang { inside = 1; text = ""; next }
    inside && $0 == "```" { inside = 0; if (index(text, marker)) { printf "%s", text; exit } next }
    inside { text = text $0 "\n" }' README.md
}

# a port nothing listens on
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  fail "no free port found"
}

# 1. the README's first command (after its `mvn ... &&`), on free ports and a data directory of its own
first=$(grep -m1 -- '&& java .*-jar monitor-server/target/monitor-server.jar' README.md) \
  || fail "README.md has no first command '... && java ... -jar monitor-server/target/monitor-server.jar'"
serve=${first#*&& }
kafka_port=$(free_port)
# shellcheck disable=SC2086 # the README's command, split into words as a shell does
$serve --port 0 --embedded-kafka-port "$kafka_port" --embedded-kafka-dir "$work/kafka" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 240); do
  grep -q 'ready in' "$work/server.log" && break
  kill -0 "$server" 2>/dev/null || fail "the README's first command ended before it was ready: $serve" "$work/server.log"
  sleep 0.5
done
grep -q 'ready in' "$work/server.log" || fail "the README's first command was not ready within 120 s" "$work/server.log"
url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/server.log" | head -1)

# 2. the Java example with its pom.xml, run with the README's command, offline
mkdir -p "$work/probe/src/main/java"
block xml '<artifactId>example-probe</artifactId>' > "$work/probe/pom.xml"
block java 'public final class ExampleProbe' > "$work/probe/src/main/java/ExampleProbe.java"
[ -s "$work/probe/pom.xml" ] || fail "README.md has no \`\`\`xml block with <artifactId>example-probe</artifactId>"
[ -s "$work/probe/src/main/java/ExampleProbe.java" ] || fail "README.md has no \`\`\`java block with class ExampleProbe"
run=$(block bash 'exec:exec' | sed -n '1s/ *#.*//p')
[[ $run == mvn\ * ]] || fail "README.md has no \`\`\`bash block whose first line runs the example with mvn ... exec:exec"
# shellcheck disable=SC2086
(cd "$work/probe" && TMA_MONITOR_URL="$url" ${run/mvn/mvn -o}) > "$work/probe.log" 2>&1 \
  || fail "the example failed (exit $?): ${run/mvn/mvn -o}" "$work/probe.log"
if grep -q 'SLF4J' "$work/probe.log"; then
  fail "the example's output has SLF4J warnings" "$work/probe.log"
fi

# 3. its message is in Kafka
java -jar monitor-server/target/monitor-server.jar consume --bootstrap-servers "127.0.0.1:$kafka_port" \
  --from-beginning --idle-timeout-seconds 3 > "$work/consume.log" 2>&1 || fail "consume failed" "$work/consume.log"
grep -q '"probeId":1098,"resourceId":101098' "$work/consume.log" || fail "the example's message is not in Kafka" \
  "$work/consume.log"

# 4. a clean stop
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
[ "$status" = 0 ] || [ "$status" = 143 ] || fail "the monitor ended with status $status on SIGTERM" "$work/server.log"
grep -q 'Kafka node 1 stopped' "$work/server.log" || fail "the embedded broker did not stop cleanly" "$work/server.log"
if grep -E -q 'already been closed|SLF4J|StatusLogger' "$work/server.log"; then
  fail "the monitor's log has a client closed twice or a logging set-up warning" "$work/server.log"
fi
echo "README: first command ready, Java example built offline and delivered (exit 0), clean stop; $(wc -l < "$work/server.log") server log lines"
