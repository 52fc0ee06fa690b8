#!/usr/bin/env bash
# A private containerd for the probe-docker tests: its own root, state, config and socket under
# /tmp/tma-containerd, the CRI plugin off (no CNI, no kubelet), containers with ctr and runc.
#
#   containerd.sh start    installs containerd, runc + busybox-static if missing (root, apt), starts
#                          containerd, imports the test image into namespace k8s.io; prints the socket
#                          path (use it as CONTAINERD_ADDRESS)
#   containerd.sh stop     kills and deletes every task and container of that daemon, stops it
#   containerd.sh purge    stop, then delete the state directory
#   containerd.sh status   prints the socket path and exits 0 if the daemon answers, else exits 1
#
# Environment: TMA_CONTAINERD_STATE (state directory, default /tmp/tma-containerd). Timings go to
# stderr; stdout is only the socket path.
#
#   export CONTAINERD_ADDRESS=$(probe-docker/src/test/scripts/containerd.sh start)
#   mvn -pl probe-docker test
#   probe-docker/src/test/scripts/containerd.sh stop
set -euo pipefail

STATE=${TMA_CONTAINERD_STATE:-/tmp/tma-containerd}
SOCKET="$STATE/containerd.sock"
PIDFILE="$STATE/containerd.pid"
LOG="$STATE/containerd.log"
NAMESPACE=k8s.io
IMAGE=docker.io/tma-probe-test/busybox:latest

NAME=containerd
# shellcheck source=runtime-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/runtime-lib.sh"
c() { ctr --address "$SOCKET" --namespace "$NAMESPACE" "$@"; }

answers() { [ -S "$SOCKET" ] && ctr --address "$SOCKET" version >/dev/null 2>&1; }

start_daemon() {
  mkdir -p "$STATE/root" "$STATE/state"
  cat > "$STATE/config.toml" <<TOML
version = 2
root = "$STATE/root"
state = "$STATE/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCKET"
[ttrpc]
  address = "$SOCKET.ttrpc"
[debug]
  address = "$SOCKET.debug"
[metrics]
  address = ""
TOML
  # Debian's package may have started a system daemon: ours is separate (own socket, root and state).
  setsid containerd --config "$STATE/config.toml" >"$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  await_daemon $! "$LOG"
}

# A one-layer image in the Docker archive format, from the busybox binary: no registry involved.
import_image() {
  c images check "name==$IMAGE" 2>/dev/null | grep -q complete && return 0
  local work="$STATE/image"
  rm -rf "$work"
  busybox_rootfs "$work/rootfs"
  mkdir -p "$work/archive"
  tar -C "$work/rootfs" -cf "$work/archive/layer.tar" .
  local diff_id; diff_id=$(sha256sum "$work/archive/layer.tar" | cut -d' ' -f1)
  printf '{"architecture":"%s","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(dpkg --print-architecture 2>/dev/null || echo amd64)" "$diff_id" > "$work/archive/config.json"
  local config_id; config_id=$(sha256sum "$work/archive/config.json" | cut -d' ' -f1)
  mv "$work/archive/config.json" "$work/archive/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]' "$config_id" "${IMAGE#docker.io/}" \
    > "$work/archive/manifest.json"
  tar -C "$work/archive" -c . | c images import --no-unpack=false - >/dev/null
  rm -rf "$work"
}

stop_daemon() {
  if answers; then
    local id
    for id in $(c tasks list -q 2>/dev/null); do
      c tasks kill -s KILL "$id" >/dev/null 2>&1 || true
    done
    for id in $(c containers list -q 2>/dev/null); do
      for _ in $(seq 1 50); do
        c tasks delete "$id" >/dev/null 2>&1 && break
        c tasks list -q 2>/dev/null | grep -qx "$id" || break
        sleep 0.1
      done
      c containers delete "$id" >/dev/null 2>&1 || true
    done
  fi
  stop_pidfile "$PIDFILE" 10
  rm -f "$SOCKET" "$SOCKET.ttrpc" "$SOCKET.debug"
  unmount_under "$STATE"
}

case "${1:-}" in
  start)
    t0=$(now_ms)
    if answers; then
      log "already running at $SOCKET"
    else
      install_missing containerd:containerd ctr:containerd runc:runc busybox:busybox-static
      t1=$(now_ms)
      start_daemon
      log "containerd $(ctr --address "$SOCKET" version | awk '/Server/{s=1} s&&/Version/{print $2; exit}') up in $(( $(now_ms) - t1 )) ms (cgroup fs: $(stat -fc %T /sys/fs/cgroup))"
    fi
    t2=$(now_ms)
    import_image
    log "image import in $(( $(now_ms) - t2 )) ms; containerd set-up took $(( $(now_ms) - t0 )) ms in total"
    echo "$SOCKET"
    ;;
  *)
    other_command "${1:-}" "$SOCKET"
    ;;
esac
