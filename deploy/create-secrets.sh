#!/usr/bin/env bash
# Creates the Secrets (and the CA ConfigMap) that deploy/k8s refers to; nothing of them is in the
# repository. Run it once before `kubectl apply -k deploy/k8s/overlays/...`; re-running it with the
# same --out directory keeps the CA, the probe secrets and the token key, and re-issues the server
# certificate (e.g. for a new node address).
#
#   deploy/create-secrets.sh --host 192.168.1.1 [--host monitor.example.org] [options]
#
# What it makes (files in --out, owner-only; objects in --namespace):
#   ConfigMap monitor-ca                 ca.crt          the development CA (probes trust it)
#   Secret    monitor-tls (tls)          tls.crt/tls.key server certificate for monitor-server, its
#                                                        Service names and every --host, signed by the CA
#   Secret    monitor-probe-credentials  probes.credentials  probe id -> salted PBKDF2 hash (no secret)
#   Secret    monitor-token-key          token.key       key signing the probes' short-lived tokens
#   Secret    probe-demo-credentials     probe-id, secret  the demo probe's identity
#   Secret    probe-docker-credentials   probe-id, secret  the container probe's identity
#   ConfigMap kafka-ca                   ca.crt          the CA of Kafka's client listener (clients trust it)
#   Secret    kafka-tls                  keystore.pem    the brokers' key and certificate (every broker name)
#   Secret    kafka-broker-credentials   password        User:broker, the brokers' own (super) user
#   Secret    kafka-users                USER: password  every Kafka principal, read by the set-up Job
#   Secret    kafka-user-USER            username, password, sasl.jaas.config   one per principal: tma-monitor
#                                                        (the monitor) and each --kafka-consumer
# The certificate comes from `monitor-server.jar dev-certs` (JDK keytool, EC P-256) unless
# --tls-cert/--tls-key/--ca-cert give your organisation's; probe credentials from
# `monitor-server.jar probes add --generate`.
#
# Options:
#   --host NAME|IP        address probes outside the cluster use for the NodePort (repeatable)
#   --namespace NS        default tma-monitor
#   --out DIR             where the files are kept, outside any repository (default
#                         ~/.tma-monitor/secrets-NAMESPACE); keep it private
#   --demo-probe-id ID    default 1098 (the seed's probe id)
#   --docker-probe-id ID  default 1099
#   --tls-cert PEM --tls-key PEM --ca-cert PEM   use an existing certificate, key and its CA
#   --kafka-consumer USER a Kafka principal that may read the topic with groups named USER*
#                         (repeatable; default kb-loader, the TMA knowledge-base loader)
#   --server-jar JAR      default: monitor-server/target/monitor-server.jar of this repository
#   --dry-run             apply nothing: write the objects to DIR/secrets.yaml (kubectl --dry-run=client)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
namespace=tma-monitor
out=
demo_id=1098
docker_id=1099
jar="$here/../monitor-server/target/monitor-server.jar"
hosts=()
tls_cert= tls_key= ca_cert=
dry_run=false
consumers=()

die() { echo "create-secrets: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --host) hosts+=("${2:?--host needs a value}"); shift 2 ;;
    --namespace) namespace=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --demo-probe-id) demo_id=${2:?}; shift 2 ;;
    --docker-probe-id) docker_id=${2:?}; shift 2 ;;
    --tls-cert) tls_cert=${2:?}; shift 2 ;;
    --tls-key) tls_key=${2:?}; shift 2 ;;
    --ca-cert) ca_cert=${2:?}; shift 2 ;;
    --server-jar) jar=${2:?}; shift 2 ;;
    --kafka-consumer) consumers+=("${2:?--kafka-consumer needs a value}"); shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[ -f "$jar" ] || die "no server jar at $jar: build it (mvn -B install -DskipTests) or give --server-jar"
command -v java >/dev/null || die "java (17+) is needed"
command -v kubectl >/dev/null || die "kubectl is needed (with --dry-run too: it renders the objects)"
[ "$demo_id" != "$docker_id" ] || die "the two probes need different ids"
[ ${#consumers[@]} -gt 0 ] || consumers=(kb-loader)
for c in "${consumers[@]}"; do
  [[ $c =~ ^[a-z0-9][a-z0-9.-]{0,50}$ ]] || die "--kafka-consumer $c: lower case letters, digits, '.', '-'"
  [ "$c" != tma-monitor ] && [ "$c" != broker ] || die "--kafka-consumer $c: reserved name"
done
if [ -n "$tls_cert$tls_key$ca_cert" ] && { [ -z "$tls_cert" ] || [ -z "$tls_key" ] || [ -z "$ca_cert" ]; }; then
  die "--tls-cert, --tls-key and --ca-cert go together"
fi

out=${out:-$HOME/.tma-monitor/secrets-$namespace}
umask 077
mkdir -p "$out"
out=$(cd "$out" && pwd)
monitor() { java -jar "$jar" "$@"; }

# 1. TLS: the names in-cluster probes use (the Service) plus every --host for the NodePort
if [ -n "$tls_cert" ]; then
  cp "$tls_cert" "$out/tls.crt"; cp "$tls_key" "$out/tls.key"; cp "$ca_cert" "$out/ca.crt"
  echo "create-secrets: using the given certificate $tls_cert"
else
  names=(dns:monitor-server "dns:monitor-server.$namespace" "dns:monitor-server.$namespace.svc"
         "dns:monitor-server.$namespace.svc.cluster.local" dns:localhost ip:127.0.0.1)
  for h in "${hosts[@]}"; do
    if [[ $h =~ ^[0-9.]+$ || $h == *:* ]]; then names+=("ip:$h"); else names+=("dns:$h"); fi
  done
  [ ${#hosts[@]} -gt 0 ] || echo "create-secrets: no --host given: the certificate covers in-cluster names only" >&2
  name_args=()
  for n in "${names[@]}"; do name_args+=(--name "$n"); done
  # dev-certs' own hints (serve options, a curl to localhost) are for a monitor run by hand: not shown here
  monitor dev-certs --out "$out/dev-certs" "${name_args[@]}" > /dev/null
  cp "$out/dev-certs/server.crt.pem" "$out/tls.crt"
  cp "$out/dev-certs/server.key.pem" "$out/tls.key"
  cp "$out/dev-certs/ca.crt.pem" "$out/ca.crt"
  echo "create-secrets: monitor certificate for ${names[*]}, signed by the CA $out/ca.crt (ConfigMap monitor-ca; probes trust it)" >&2
fi

# 2. probe credentials: a random secret per probe, only its hash in probes.credentials
credentials="$out/probes.credentials"
for id in "$demo_id" "$docker_id"; do
  secret_file="$out/probe-$id.secret"
  if [ -s "$secret_file" ] && [ -f "$credentials" ] && grep -q "^$id " "$credentials"; then
    echo "create-secrets: probe $id kept" >&2
    continue
  fi
  replace=()
  if [ -f "$credentials" ] && grep -q "^$id " "$credentials"; then replace=(--replace); fi
  monitor probes add "$id" --generate "${replace[@]}" --credentials-file "$credentials" > "$secret_file.new"
  mv "$secret_file.new" "$secret_file"
done

# 3. token key: one line of 64 random base64 characters, shared by every server replica
if [ ! -s "$out/token.key" ]; then
  head -c 48 /dev/urandom | base64 -w0 > "$out/token.key"
  echo >> "$out/token.key"
fi

# 4. Kafka: a CA and certificate for the brokers' client listener (every name a client may use, the
#    advertised per-broker names included), the brokers' own password, one password per principal
kafka_names=(dns:kafka "dns:kafka.$namespace" "dns:kafka.$namespace.svc" "dns:kafka.$namespace.svc.cluster.local"
             "dns:*.kafka-headless.$namespace.svc.cluster.local")
kafka_name_args=()
for n in "${kafka_names[@]}"; do kafka_name_args+=(--name "$n"); done
monitor dev-certs --out "$out/kafka-certs" "${kafka_name_args[@]}" > /dev/null
echo "create-secrets: Kafka broker certificate for ${kafka_names[*]}, signed by the CA $out/kafka-certs/ca.crt.pem" \
  "(ConfigMap kafka-ca; Kafka's clients trust it: the monitor, consume, the knowledge-base loader)" >&2
cat "$out/kafka-certs/server.key.pem" "$out/kafka-certs/server.crt.pem" > "$out/kafka-keystore.pem"
random_password() { head -c 32 /dev/urandom | base64 -w0 | tr -d '+/=' | head -c 40; }
keep_password() { [ -s "$1" ] || { random_password > "$1"; echo >> "$1"; }; }
keep_password "$out/kafka-broker.password"
mkdir -p "$out/kafka-users"
for user in tma-monitor "${consumers[@]}"; do keep_password "$out/kafka-users/$user"; done

# 5. the objects
objects="$out/secrets.yaml"
: > "$objects"
emit() { # kubectl create ... rendered client-side, collected into one file
  kubectl create "$@" --namespace "$namespace" --dry-run=client -o yaml >> "$objects"
  echo "---" >> "$objects"
}
emit configmap monitor-ca --from-file=ca.crt="$out/ca.crt"
emit secret tls monitor-tls --cert="$out/tls.crt" --key="$out/tls.key"
emit secret generic monitor-probe-credentials --from-file=probes.credentials="$credentials"
emit secret generic monitor-token-key --from-file=token.key="$out/token.key"
emit secret generic probe-demo-credentials --from-literal=probe-id="$demo_id" --from-file=secret="$out/probe-$demo_id.secret"
emit secret generic probe-docker-credentials --from-literal=probe-id="$docker_id" --from-file=secret="$out/probe-$docker_id.secret"
emit configmap kafka-ca --from-file=ca.crt="$out/kafka-certs/ca.crt.pem"
emit secret generic kafka-tls --from-file=keystore.pem="$out/kafka-keystore.pem"
emit secret generic kafka-broker-credentials --from-literal=password="$(head -1 "$out/kafka-broker.password")"
user_files=()
for user in tma-monitor "${consumers[@]}"; do
  password=$(head -1 "$out/kafka-users/$user")
  user_files+=(--from-literal="$user=$password")
  emit secret generic "kafka-user-$user" --from-literal=username="$user" --from-literal=password="$password" \
    --from-literal=sasl.jaas.config="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$password\";"
done
emit secret generic kafka-users "${user_files[@]}"

if $dry_run; then
  echo "create-secrets: dry run, objects written to $objects (files in $out)"
else
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
  kubectl apply -f "$objects"
  rm -f "$objects"
  echo "create-secrets: applied in namespace $namespace; files kept in $out (keep them private)"
fi
host=${hosts[0]:-NODE}
echo "create-secrets: once deployed, check the monitor through its NodePort (Service monitor-server, port 32025):" \
  "curl --cacert $out/ca.crt https://$host:32025/health/ready"
