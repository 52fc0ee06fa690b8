#!/usr/bin/env bash
# Makes a Java 17 runtime base image as a `docker save` tar, for Jib's `tar://` base when no
# registry is reachable: Debian bookworm minbase (debootstrap) + openjdk-17-jre-headless.
#
#   base-image.sh OUTPUT_TAR
#
# Needs root, debootstrap (installed with apt-get when missing), and a Docker engine (DOCKER_HOST)
# for the apt step. Does nothing when
# OUTPUT_TAR exists already (delete it to rebuild). Mirror: $DEBIAN_MIRROR, else the first
# Debian mirror configured in /etc/apt/sources.list*, else http://deb.debian.org/debian.
# Prints the time each step took; the image is tagged tma-monitor/base-jre17:bookworm.
set -euo pipefail

out=${1:?usage: base-image.sh OUTPUT_TAR}
if [ -s "$out" ]; then
  echo "base image: cached $out"
  exit 0
fi
if ! command -v debootstrap >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    t=$SECONDS
    echo "base image: installing debootstrap"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
    echo "base image: debootstrap installed in $((SECONDS - t)) s"
  else
    echo "base image: debootstrap is missing (apt-get install debootstrap, as root)" >&2
    exit 2
  fi
fi
command -v docker >/dev/null || { echo "base image: the docker CLI is missing" >&2; exit 2; }

mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi
tag=tma-monitor/base-jre17:bookworm
work=$(mktemp -d /tmp/tma-base-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$SECONDS

echo "base image: debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
echo "base image: debootstrap took $((SECONDS - start)) s"

t=$SECONDS
tar -C "$work/rootfs" -c . | docker import - tma-monitor/base-minbase:bookworm >/dev/null
echo "base image: docker import took $((SECONDS - t)) s"

t=$SECONDS
mkdir -p "$work/ctx"
cat > "$work/ctx/Dockerfile" <<'DOCKERFILE'
FROM tma-monitor/base-minbase:bookworm
ENV LANG=C.UTF-8
RUN set -eux; \
    export DEBIAN_FRONTEND=noninteractive; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless ca-certificates >/dev/null; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /usr/share/doc /usr/share/man /var/log/*; \
    java -version
CMD ["java", "-version"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build --network host -q -t "$tag" "$work/ctx" > "$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log" >&2; exit 1; }
echo "base image: apt-get install openjdk-17-jre-headless took $((SECONDS - t)) s"

t=$SECONDS
mkdir -p "$(dirname "$out")"
docker save -o "$out.partial" "$tag"
mv "$out.partial" "$out"
echo "base image: docker save took $((SECONDS - t)) s; $(du -h "$out" | cut -f1) in $out; total $((SECONDS - start)) s"
