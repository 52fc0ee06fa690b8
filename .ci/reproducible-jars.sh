#!/usr/bin/env bash
# Rebuilds every module's jars from scratch, offline, and checks they are byte for byte the jars the
# previous build made (project.build.outputTimestamp in the root pom fixes entry times and order).
# Run after a build (e.g. `mvn -B install`); maven flags such as -Dmaven.repo.local come from MAVEN_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jars() { find . -path '*/target/*.jar' -not -path '*/target/lib/*' -not -path '*/target/jib*' | sort | xargs sha256sum; }

jars > "$work/first"
[ -s "$work/first" ] || { echo "reproducible-jars: no jars under */target: build first" >&2; exit 1; }
mvn -B -q -o clean package -DskipTests
jars > "$work/second"
if ! diff "$work/first" "$work/second"; then
  echo "reproducible-jars: a second build gave different jar bytes (lines above: first <, second >)" >&2
  exit 1
fi
echo "reproducible jars: $(wc -l < "$work/first") jars identical after a clean rebuild"
