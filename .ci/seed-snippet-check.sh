#!/usr/bin/env bash
# Builds a throw-away Maven project whose only dependency is the seed's snippet, offline, against
# the local repository that `mvn install` filled, and compiles the seed's Java example (monitor-client's
# SeedExample) with it.
# Maven flags such as -Dmaven.repo.local come from MAVEN_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
# the plugin versions the build itself uses (so they are in the local repository)
version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
compiler=$(version compiler-plugin.version)
resources=$(version resources-plugin.version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/main/java/demo"
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>seed-probe</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>eu.atmosphere.tmaf</groupId>
      <artifactId>monitor-client</artifactId>
      <version>0.1</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>$compiler</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-resources-plugin</artifactId>
        <version>$resources</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
# the seed's Java example as monitor-client keeps it (SeedExample, which EndToEndDeliveryTest runs), moved to a
# package of its own as a probe's code is, so it sees only the library's public API
example=monitor-client/src/test/java/eu/atmosphere/tmaf/monitor/client/SeedExample.java
grep -q 'new BackgroundClient()' "$example" || { echo "seed snippet: $example has no seed example" >&2; exit 1; }
sed 's/^package .*;$/package demo;\n\nimport eu.atmosphere.tmaf.monitor.client.BackgroundClient;/' "$example" \
  > "$work/src/main/java/demo/SeedExample.java"
mvn -B -q -o -f "$work/pom.xml" compile
echo "seed snippet: monitor-client 0.1 resolved from the local repository and the seed's example compiled"
