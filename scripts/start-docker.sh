#!/usr/bin/env bash
# Makes a local Docker engine answer on the unix socket, for testcontainers and scripts/provision-minio.sh.
# Installs Debian's docker.io when dockerd is missing, starts dockerd in the background when
# `docker info` does not answer (default storage driver first, vfs if that one fails), waits for it
# and prints the engine version. Idempotent: an engine that already answers is left alone.
#
# Usage: scripts/start-docker.sh        (needs root to install and start the engine)
#   env: EDGECASE_DOCKERD_LOG (default /tmp/edgecase-dockerd.log), EDGECASE_DOCKER_WAIT_SECONDS (default 60),
#        EDGECASE_DOCKER_STORAGE_DRIVER (e.g. vfs: use only that driver instead of trying default, then vfs)
set -euo pipefail

readonly SOCKET=/var/run/docker.sock
readonly LOG="${EDGECASE_DOCKERD_LOG:-/tmp/edgecase-dockerd.log}"
readonly WAIT_SECONDS="${EDGECASE_DOCKER_WAIT_SECONDS:-60}"

log() { echo "[start-docker] $*" >&2; }
die() {
  echo "[start-docker] error: $*" >&2
  exit 1
}

[[ "$WAIT_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "EDGECASE_DOCKER_WAIT_SECONDS: expected a whole number of seconds > 0, got '$WAIT_SECONDS'"

engine_answers() { timeout 10 docker -H "unix://$SOCKET" info >/dev/null 2>&1; }

print_version() {
  local v
  v="$(docker -H "unix://$SOCKET" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
  log "engine answers on unix://$SOCKET: Docker Engine $v, storage driver $(docker -H "unix://$SOCKET" info --format '{{.Driver}}')"
}

install_engine() {
  [[ "$(id -u)" == 0 ]] || die "dockerd is missing and installing it needs root; run: sudo apt-get update && sudo apt-get install -y docker.io"
  log "dockerd is missing: installing Debian's docker.io"
  local apt_log=/tmp/edgecase-docker-install.log
  log "apt-get update && apt-get install -y docker.io (output in $apt_log)"
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io; } >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" | sed 's/^/    /' >&2
    die "installing docker.io failed; full output in $apt_log"
  fi
  command -v dockerd >/dev/null 2>&1 || die "docker.io is installed but dockerd is still not on PATH ($PATH)"
}

# The pid of a dockerd that is already running (pidfile first, then the process table), or nothing.
running_dockerd_pid() {
  local pid
  if [[ -r /var/run/docker.pid ]]; then
    pid="$(cat /var/run/docker.pid)"
    if [[ -n "$pid" && -d "/proc/$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]]; then
      echo "$pid"
      return
    fi
  fi
  pgrep -x dockerd | head -n 1 || true
}

# Waits until the engine answers (0), the given dockerd exits (1), or the time runs out (2).
wait_for_engine() {
  local pid="$1" deadline=$((SECONDS + WAIT_SECONDS))
  while ((SECONDS < deadline)); do
    engine_answers && return 0
    [[ -d "/proc/$pid" ]] || return 1
    sleep 0.5
  done
  return 2
}

# Starts dockerd with the given extra flags, detached from this shell, listening on the unix socket only.
start_dockerd() {
  {
    echo "=== $(date -u +%FT%TZ) dockerd --host=unix://$SOCKET $*"
  } >>"$LOG"
  setsid nohup dockerd --host="unix://$SOCKET" "$@" >>"$LOG" 2>&1 </dev/null &
  echo $!
}

if engine_answers; then
  print_version
  exit 0
fi

command -v docker >/dev/null 2>&1 || log "no docker client on PATH; docker.io brings one"
command -v dockerd >/dev/null 2>&1 || install_engine
[[ "$(id -u)" == 0 ]] || die "the engine does not answer on $SOCKET and starting dockerd needs root"

pid="$(running_dockerd_pid)"
if [[ -n "$pid" ]]; then
  log "dockerd (pid $pid) is running but not answering yet; waiting up to ${WAIT_SECONDS} s"
  if wait_for_engine "$pid"; then
    print_version
    exit 0
  fi
  die "dockerd (pid $pid) is running but does not answer on $SOCKET; read $LOG, stop it (kill $pid) and run this again"
fi

drivers=(default vfs)
[[ -n "${EDGECASE_DOCKER_STORAGE_DRIVER:-}" ]] && drivers=("$EDGECASE_DOCKER_STORAGE_DRIVER")
started=$SECONDS
for driver in "${drivers[@]}"; do
  flags=()
  [[ "$driver" != default ]] && flags=(--storage-driver="$driver")
  log "starting dockerd (storage driver: $driver), log: $LOG"
  pid="$(start_dockerd "${flags[@]}")"
  rc=0
  wait_for_engine "$pid" || rc=$?
  if ((rc == 0)); then
    log "dockerd (pid $pid) answered after $((SECONDS - started)) s"
    print_version
    exit 0
  fi
  if ((rc == 2)); then
    kill "$pid" 2>/dev/null || true
    die "dockerd (pid $pid) did not answer within ${WAIT_SECONDS} s; read $LOG"
  fi
  log "dockerd exited with the $driver storage driver; last log lines:"
  tail -n 5 "$LOG" | sed 's/^/    /' >&2
done
die "dockerd would not start with storage driver(s) ${drivers[*]}; read $LOG"
