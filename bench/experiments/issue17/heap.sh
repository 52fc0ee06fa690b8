#!/bin/bash
# usage: heap.sh LABEL "JVM OPTS" embedded|external SECONDS
# starts the server (embedded broker on 43002, or external broker on 43012 which must run), drives it, prints VmHWM
cd "$(dirname "$0")/../../.."
label=$1; opts=$2; mode=$3; secs=${4:-20}; mkdir -p /tmp/issue17
J=monitor-server/target/monitor-server.jar
if [ "$mode" = embedded ]; then
  rm -rf /tmp/issue17/kafka-$label
  java $opts -jar $J serve --port 43001 --embedded-kafka-port 43002 --embedded-kafka-dir /tmp/issue17/kafka-$label > /tmp/issue17/$label.log 2>&1 &
else
  java $opts -jar $J serve --port 43001 --kafka-bootstrap-servers 127.0.0.1:43012 > /tmp/issue17/$label.log 2>&1 &
fi
pid=$!
for i in $(seq 1 120); do grep -q "ready in" /tmp/issue17/$label.log && break; sleep 1; done
bench/run.sh load --url http://127.0.0.1:43001/monitor --seconds 5 --connections 64 > /dev/null 2>&1   # warm-up
bench/run.sh load --url http://127.0.0.1:43001/monitor --seconds $secs --connections 256 > /tmp/issue17/$label.load 2>&1
echo "$label: $(grep VmHWM /proc/$pid/status) $(grep -i -E 'requests/s|req/s|throughput' /tmp/issue17/$label.load | head -3 | tr '\n' ' ')"
kill $pid; wait $pid
