#!/bin/bash
# usage: ab.sh ROUNDS SECONDS JVMOPTS  -- plain / Basic / TLS servers of the current jar against one broker, interleaved
cd "$(dirname "$0")/../../.."
rounds=$1; secs=$2; opts=$3
J=monitor-server/target/monitor-server.jar
D=/tmp/issue17/ab; rm -rf $D; mkdir -p $D
printf 'pass\n' | java -jar $J probes add 1098 --credentials-file $D/probes.credentials > /dev/null 2>&1
java -Xmx512m -jar $J serve --port 43011 --embedded-kafka-port 43012 --embedded-kafka-dir $D/kafka > $D/broker.log 2>&1 & b=$!
for i in $(seq 1 120); do grep -q "ready in" $D/broker.log && break; sleep 1; done
java $opts -jar $J serve --port 43001 --kafka-bootstrap-servers 127.0.0.1:43012 > $D/plain.log 2>&1 & p=$!
java $opts -jar $J serve --port 43003 --kafka-bootstrap-servers 127.0.0.1:43012 --tls-cert ${CERTS:-/tmp/issue17/certs}/server.crt.pem --tls-key ${CERTS:-/tmp/issue17/certs}/server.key.pem > $D/tls.log 2>&1 & t=$!
java $opts -jar $J serve --port 43005 --kafka-bootstrap-servers 127.0.0.1:43012 --credentials-file $D/probes.credentials > $D/basic.log 2>&1 & a=$!
for f in plain tls basic; do for i in $(seq 1 120); do grep -q "ready in" $D/$f.log && break; sleep 1; done; done
AUTH="Basic $(printf '1098:pass' | base64)"
run() { # label url extra...
  local label=$1 url=$2; shift 2
  bench/run.sh load --url $url --seconds $secs --connections 256 --body bench/seed-message.json "$@" 2>&1 | grep -o '([0-9]* req/s' | tr -d '(' | sed "s/^/$label /"
}
BODY=$(sed 's/"probeId": *0/"probeId":1098/' bench/seed-message.json > $D/m1098.json; echo $D/m1098.json)
for w in 1; do  # warm-up
  bench/run.sh load --url http://127.0.0.1:43001/monitor --seconds 5 >/dev/null 2>&1
  bench/run.sh load --url https://127.0.0.1:43003/monitor --ca-file ${CERTS:-/tmp/issue17/certs}/ca.crt.pem --seconds 5 >/dev/null 2>&1
  bench/run.sh load --url http://127.0.0.1:43005/monitor --authorization "$AUTH" --body $BODY --seconds 5 >/dev/null 2>&1
done
for r in $(seq 1 $rounds); do
  bench/run.sh load --url http://127.0.0.1:43001/monitor --seconds $secs --connections 256 2>&1 | grep -o '([0-9]* req/s' | sed "s/^/round $r plain /"
  bench/run.sh load --url http://127.0.0.1:43005/monitor --authorization "$AUTH" --body $BODY --seconds $secs --connections 256 2>&1 | grep -o '([0-9]* req/s' | sed "s/^/round $r basic /"
  bench/run.sh load --url https://127.0.0.1:43003/monitor --ca-file ${CERTS:-/tmp/issue17/certs}/ca.crt.pem --seconds $secs --connections 256 2>&1 | grep -o '([0-9]* req/s' | sed "s/^/round $r tls /"
done
for f in plain tls basic; do echo "$f VmHWM $(grep VmHWM /proc/$(eval echo \$${f:0:1})/status 2>/dev/null)"; done
kill $p $t $a; wait $p $t $a; kill $b; wait $b
