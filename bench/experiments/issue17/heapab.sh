#!/bin/bash
# plain servers -Xmx256m (43031) and default heap (43033) against one broker, interleaved rounds; VmHWM at the end
cd "$(dirname "$0")/../../.."
J=monitor-server/target/monitor-server.jar; D=/tmp/issue17/heapab; rm -rf $D; mkdir -p $D
java -Xmx512m -jar $J serve --port 43045 --embedded-kafka-port 43046 --embedded-kafka-dir $D/kafka > $D/broker.log 2>&1 & b=$!
for i in $(seq 1 180); do grep -q "ready in" $D/broker.log && break; sleep 1; done
java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar $J serve --port 43031 --kafka-bootstrap-servers 127.0.0.1:43046 > $D/x256.log 2>&1 & x=$!
java -XX:+ExitOnOutOfMemoryError -jar $J serve --port 43033 --kafka-bootstrap-servers 127.0.0.1:43046 > $D/def.log 2>&1 & d=$!
for f in x256 def; do for i in $(seq 1 180); do grep -q "ready in" $D/$f.log && break; sleep 1; done; done
bench/run.sh load --url http://127.0.0.1:43031/monitor --seconds 5 >/dev/null 2>&1
bench/run.sh load --url http://127.0.0.1:43033/monitor --seconds 5 >/dev/null 2>&1
for r in 1 2 3; do
  bench/run.sh load --url http://127.0.0.1:43031/monitor --seconds 8 --connections 256 2>&1 | grep -o '([0-9]* req/s.*p99 [0-9.]*' | sed "s/^/round $r -Xmx256m /"
  bench/run.sh load --url http://127.0.0.1:43033/monitor --seconds 8 --connections 256 2>&1 | grep -o '([0-9]* req/s.*p99 [0-9.]*' | sed "s/^/round $r default /"
done
echo "-Xmx256m $(grep VmHWM /proc/$x/status)"; echo "default $(grep VmHWM /proc/$d/status)"
grep -i "heap bound\|WARN.*JVM" $D/def.log | cut -c1-250
kill $x $d; wait $x $d; kill $b; wait $b
