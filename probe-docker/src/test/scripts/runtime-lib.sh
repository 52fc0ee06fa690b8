# Shared by docker-engine.sh and containerd.sh (sourced, not run): the steps both private container
# runtimes of the tests take. The sourcing script sets NAME (for messages) before calling them.

log() { echo "$NAME: $*" >&2; }
now_ms() { date +%s%3N; }

# install_missing COMMAND:PACKAGE ...: apt-installs the packages whose command is missing (needs root)
install_missing() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
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

# busybox_rootfs DIR: a root filesystem of the busybox binary and its applets, user root
busybox_rootfs() {
  local rootfs=$1
  rm -rf "$rootfs"
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/etc"
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/:/bin/sh' > "$rootfs/etc/passwd"
}

# await_daemon PID LOG: until the sourcing script's `answers` succeeds (30 s at most, 0 if it does)
await_daemon() {
  local pid=$1 logfile=$2
  for _ in $(seq 1 300); do
    answers && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the daemon exited; last lines of $logfile:"; tail -20 "$logfile" >&2; return 1
    fi
    sleep 0.1
  done
  log "the daemon did not answer within 30 s; see $logfile"; return 1
}

# stop_pidfile PIDFILE SECONDS: SIGTERM the daemon, SIGKILL after SECONDS, remove the pid file
stop_pidfile() {
  local pidfile=$1 seconds=$2
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 $(( seconds * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "$pid ignored SIGTERM for $seconds s; killing it"; kill -9 "$pid"; }
  fi
  rm -f "$pidfile"
}

# unmount_under DIR: what the daemon left mounted below its state directory (network namespaces, rootfs)
unmount_under() {
  findmnt -rn -o TARGET | { grep "^$1/" || true; } | sort -r | while read -r mount; do umount -l "$mount" || true; done
}

# other_command COMMAND ADDRESS: stop, purge, status or the usage line (start is each script's own);
# uses the sourcing script's stop_daemon, answers and STATE
other_command() {
  case "$1" in
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
      answers && { echo "$2"; exit 0; }
      exit 1
      ;;
    *)
      echo "usage: $0 start|stop|purge|status" >&2
      exit 2
      ;;
  esac
}
