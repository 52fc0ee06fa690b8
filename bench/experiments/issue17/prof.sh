#!/bin/bash
# usage: prof.sh [SERVER_JAR] [OUT_DIR]
# TLS server with JFR from launch (bench.jfc), warm-up, then a recorded saturation phase; JfrSummary
cd "$(dirname "$0")/../../.."
J=${1:-monitor-server/target/monitor-server.jar}; out=${2:-/tmp/issue17/prof}
rm -rf $out; mkdir -p $out
java -Xmx512m -jar $J serve --port 43021 --embedded-kafka-port 43022 --embedded-kafka-dir $out/kafka > $out/broker.log 2>&1 & b=$!
for i in $(seq 1 120); do grep -q "ready in" $out/broker.log && break; sleep 1; done
java -Xmx256m -XX:StartFlightRecording=name=launch,settings=profile,filename=$out/tls.jfr -jar $J serve --port 43023 --kafka-bootstrap-servers 127.0.0.1:43022 --tls-cert ${CERTS:-/tmp/issue17/certs}/server.crt.pem --tls-key ${CERTS:-/tmp/issue17/certs}/server.key.pem > $out/tls.log 2>&1 & t=$!
for i in $(seq 1 120); do grep -q "ready in" $out/tls.log && break; sleep 1; done
bench/run.sh load --url https://127.0.0.1:43023/monitor --ca-file ${CERTS:-/tmp/issue17/certs}/ca.crt.pem --seconds 8 > /dev/null 2>&1
bench/run.sh load --url https://127.0.0.1:43023/monitor --ca-file ${CERTS:-/tmp/issue17/certs}/ca.crt.pem --seconds 10 --connections 256 > $out/load.txt 2>&1
jcmd $t JFR.stop name=launch > /dev/null
kill $t; wait $t; kill $b; wait $b
java -cp "bench/target/monitor-bench.jar:bench/target/lib/*" eu.atmosphere.tmaf.monitor.bench.JfrSummary $out/tls.jfr > $out/summary.txt 2>&1
