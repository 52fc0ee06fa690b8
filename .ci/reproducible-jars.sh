#!/usr/bin/env bash
# Rebuilds every module's jars from scratch, offline, and checks they are byte for byte the jars the
# previous build made (project.build.outputTimestamp in the root pom fixes entry times and order).
# Run after a build (e.g. `mvn -B install`); maven flags such as -Dmaven.repo.local come from MAVEN_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shopt -s nullglob
jars() { sha256sum ./*/target/*.jar; }   # each module's jars (not the dependencies copied to lib/)

jars > "$work/first"
[ -s "$work/first" ] || { echo "reproducible-jars: no jars under */target: build first" >&2; exit 1; }
rm -rf target ./*/target   # what `mvn clean` does, without a plugin the first build did not need
mvn -B -q -o package -DskipTests
jars > "$work/second"
if ! diff "$work/first" "$work/second"; then
  echo "reproducible-jars: a second build gave different jar bytes (lines above: first <, second >)" >&2
  exit 1
fi
echo "reproducible jars: $(wc -l < "$work/first") jars identical after a clean rebuild"
