#!/bin/sh
# Creates a development CA and a server certificate signed by it, for local HTTPS testing of the
# TMA Monitor. Uses only the JDK (keytool + the monitor's own `dev-certs` command); no openssl.
#
#   monitor-server/src/main/scripts/dev-certs.sh dev-certs dns:localhost ip:127.0.0.1 dns:monitor.local
#
# Writes into the directory (created if missing; reuses a CA already there):
#   ca.crt.pem                        give to probes (curl --cacert, the Java client's CA file)
#   server.crt.pem, server.key.pem    for --tls-cert / --tls-key  (key: owner-only permissions)
#   server.p12, server.password       for --tls-keystore / --tls-keystore-password-file
#   ca.p12, ca.password               the CA's own key: keep it private, it signs anything
# Development only: never commit the directory (see monitor-server/.gitignore), never use in production.
set -eu

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
out=$1
shift
names=${*:-dns:localhost ip:127.0.0.1}

here=$(cd "$(dirname "$0")" && pwd)
jar=${MONITOR_SERVER_JAR:-$here/../../../target/monitor-server.jar}
if [ ! -f "$jar" ]; then
    echo "monitor-server.jar not found at $jar: build it (mvn -pl monitor-server -am package -DskipTests)" \
         "or set MONITOR_SERVER_JAR" >&2
    exit 1
fi
command -v java >/dev/null 2>&1 || { echo "java (17+) is not on the PATH" >&2; exit 1; }

set --
for name in $names; do
    set -- "$@" --name "$name"
done
umask 077
exec java -jar "$jar" dev-certs --out "$out" "$@"
