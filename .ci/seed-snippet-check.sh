#!/usr/bin/env bash
# Builds a throw-away Maven project whose only dependency is the seed's snippet, offline, against
# the local repository that `mvn install` filled, and compiles the seed's Java example with it.
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
cat > "$work/src/main/java/demo/SeedProbe.java" <<'JAVA'
package demo;

import eu.atmosphere.tmaf.monitor.client.BackgroundClient;
import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.util.Date;

public class SeedProbe {
    public static void main(String[] args) {
        BackgroundClient client = new BackgroundClient();
        client.authenticate(1098, "pass".getBytes());

        Message message;

        boolean start = client.start();
        message = client.createMessage();
        message.setResourceId(101098);

        long now = (new Date()).getTime();
        message.addData(new Data(Data.Type.EVENT, 33,
            new Observation(now, 724.0)));
        message.addData(new Data(Data.Type.MEASUREMENT, 34,
            new Observation(now, 342.0)));
        client.send(message);
    }
}
JAVA
mvn -B -q -o -f "$work/pom.xml" compile
echo "seed snippet: monitor-client 0.1 resolved from the local repository and the seed's example compiled"
