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

log() { echo "containerd: $*" >&2; }
now_ms() { date +%s%3N; }
c() { ctr --address "$SOCKET" --namespace "$NAMESPACE" "$@"; }

answers() { [ -S "$SOCKET" ] && ctr --address "$SOCKET" version >/dev/null 2>&1; }

install_missing() {
  local missing=()
  command -v containerd >/dev/null && command -v ctr >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  command -v busybox >/dev/null || missing+=(busybox-static)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "missing ${missing[*]} and cannot install them (needs root and apt-get)"
    return 1
  fi
  local t0; t0=$(now_ms)
  log "installing ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  log "installed in $(( $(now_ms) - t0 )) ms"
}

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
  for _ in $(seq 1 300); do
    answers && return 0
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      log "containerd exited; last lines of $LOG:"; tail -20 "$LOG" >&2; return 1
    fi
    sleep 0.1
  done
  log "containerd did not answer within 30 s; see $LOG"; return 1
}

# A one-layer image in the Docker archive format, from the busybox binary: no registry involved.
import_image() {
  c images check "name==$IMAGE" 2>/dev/null | grep -q complete && return 0
  local work="$STATE/image"
  rm -rf "$work"
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/proc" "$work/rootfs/sys" "$work/rootfs/dev" \
    "$work/rootfs/etc"
  cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
  for applet in $("$work/rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$work/rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/:/bin/sh' > "$work/rootfs/etc/passwd"
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
  if [ -f "$PIDFILE" ]; then
    local pid; pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { log "containerd $pid ignored SIGTERM for 10 s; killing it"; kill -9 "$pid"; }
    fi
    rm -f "$PIDFILE"
  fi
  rm -f "$SOCKET" "$SOCKET.ttrpc" "$SOCKET.debug"
  findmnt -rn -o TARGET | { grep "^$STATE/" || true; } | sort -r | while read -r mount; do umount -l "$mount" || true; done
}

case "${1:-}" in
  start)
    t0=$(now_ms)
    if answers; then
      log "already running at $SOCKET"
    else
      install_missing
      t1=$(now_ms)
      start_daemon
      log "containerd $(ctr --address "$SOCKET" version | awk '/Server/{s=1} s&&/Version/{print $2; exit}') up in $(( $(now_ms) - t1 )) ms (cgroup fs: $(stat -fc %T /sys/fs/cgroup))"
    fi
    t2=$(now_ms)
    import_image
    log "image import in $(( $(now_ms) - t2 )) ms; containerd set-up took $(( $(now_ms) - t0 )) ms in total"
    echo "$SOCKET"
    ;;
  stop)
    stop_daemon
    log "stopped"
    ;;
  purge)
    stop_daemon
    rm -rf "$STATE"
    log "purged $STATE"
    ;;
  status)
    answers && { echo "$SOCKET"; exit 0; }
    exit 1
    ;;
  *)
    echo "usage: $0 start|stop|purge|status" >&2
    exit 2
    ;;
esac
