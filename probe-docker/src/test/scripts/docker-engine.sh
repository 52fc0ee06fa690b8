#!/usr/bin/env bash
# A private Docker engine for the probe-docker tests: its own data root, exec root and socket, no
# iptables, no default bridge (test containers run with --network none, nothing leaves the machine).
#
#   docker-engine.sh start    installs docker.io + busybox-static if missing (root, apt), starts dockerd,
#                             imports the test image, primes block-I/O accounting; prints the socket URI
#                             (use it as DOCKER_HOST)
#   docker-engine.sh stop     removes every container of this engine and stops it
#   docker-engine.sh purge    stop, then delete the state directory
#   docker-engine.sh status   prints the socket URI and exits 0 if the engine answers, else exits 1
#
# Environment: TMA_DOCKER_STATE (state directory, default /tmp/tma-docker),
#              TMA_DOCKER_BLOCK_DEVICE (disk to prime block-I/O accounting on, default: the disk of the
#              state directory). Timings go to stderr; stdout is only the socket URI.
#
#   export DOCKER_HOST=$(probe-docker/src/test/scripts/docker-engine.sh start)
#   mvn -pl probe-docker test
#   probe-docker/src/test/scripts/docker-engine.sh stop
set -euo pipefail

STATE=${TMA_DOCKER_STATE:-/tmp/tma-docker}
SOCKET="$STATE/docker.sock"
HOST_URI="unix://$SOCKET"
PIDFILE="$STATE/dockerd.pid"
LOG="$STATE/dockerd.log"
IMAGE=tma-probe-test/busybox:latest

NAME=docker-engine
# shellcheck source=runtime-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/runtime-lib.sh"
dk() { docker -H "$HOST_URI" "$@"; }

answers() { [ -S "$SOCKET" ] && dk version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_daemon() {
  mkdir -p "$STATE/data" "$STATE/exec"
  # Debian's package may have started a system daemon: ours is separate (own socket, roots and pid file).
  setsid dockerd --iptables=false --ip6tables=false --bridge=none \
    --data-root "$STATE/data" --exec-root "$STATE/exec" --pidfile "$PIDFILE" \
    --host "$HOST_URI" >"$LOG" 2>&1 < /dev/null &
  await_daemon $! "$LOG"
}

import_image() {
  dk image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  local rootfs="$STATE/rootfs"
  busybox_rootfs "$rootfs"
  tar -C "$rootfs" -c . | dk import --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
}

# Block-I/O counters stay empty on this kernel until some cgroup sets an I/O limit on the device.
prime_block_io() {
  local device=${TMA_DOCKER_BLOCK_DEVICE:-}
  if [ -z "$device" ]; then
    local source parent
    source=$(findmnt -n -o SOURCE --target "$STATE" | head -1)
    parent=$(lsblk -no PKNAME "$source" 2>/dev/null | head -1 || true)
    device=${parent:+/dev/$parent}
    device=${device:-$source}
  fi
  if [ ! -b "$device" ]; then
    log "no block device found for $STATE ($device): block-I/O counters may stay empty"; return 0
  fi
  dk run --rm --pull never --network none --device-write-bps "$device:100gb" "$IMAGE" true >&2 \
    || log "priming block-I/O accounting on $device failed: block-I/O counters may stay empty"
}

stop_daemon() {
  if answers; then
    local ids; ids=$(dk ps -aq)
    [ -z "$ids" ] || dk rm -f $ids >/dev/null
  fi
  stop_pidfile "$PIDFILE" 20
  rm -f "$SOCKET"
  # dockerd leaves its default network namespace bind-mounted under the exec root
  unmount_under "$STATE"
}

case "${1:-}" in
  start)
    t0=$(now_ms)
    if answers; then
      log "already running at $HOST_URI"
    else
      install_missing dockerd:docker.io docker:docker.io busybox:busybox-static
      t1=$(now_ms)
      start_daemon
      log "dockerd $(dk version --format '{{.Server.Version}}') up in $(( $(now_ms) - t1 )) ms (cgroup $(dk info --format '{{.CgroupVersion}}'))"
    fi
    t2=$(now_ms)
    import_image
    prime_block_io
    log "image + block-I/O priming in $(( $(now_ms) - t2 )) ms; engine set-up took $(( $(now_ms) - t0 )) ms in total"
    echo "$HOST_URI"
    ;;
  *)
    other_command "${1:-}" "$HOST_URI"
    ;;
esac
