#!/usr/bin/env bash
# Proves the provisioned MinIO works: starts it, times start -> healthy (GET /minio/health/live),
# makes a bucket, puts and gets an object with SigV4 (curl --aws-sigv4) and checks the ETag is the
# MD5 of the body, then stops it. Leaves no process or container behind, also on failure or Ctrl-C.
#
# Usage: scripts/smoke-minio.sh [--binary] [--image]   (default: both)
#   --binary  runs the cached binary: minio server <tmpdir> --address 127.0.0.1:<free port>
#   --image   runs the image as @testcontainers/minio does (default command, env credentials),
#             publishing 9000/9001 on 127.0.0.1 only, and checks /data and /tmp in its file system
# Builds what is missing through scripts/provision-minio.sh; --image needs scripts/start-docker.sh first.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly USER_NAME=edgecase-smoke PASSWORD=edgecase-smoke-secret HEALTH_WAIT_SECONDS=60

log() { echo "[smoke-minio] $*" >&2; }
die() {
  echo "[smoke-minio] error: $*" >&2
  exit 1
}

run_binary=false run_image=false
for arg in "$@"; do
  case "$arg" in
    --binary) run_binary=true ;;
    --image) run_image=true ;;
    *) die "unknown option '$arg'; expected --binary and/or --image" ;;
  esac
done
if ! $run_binary && ! $run_image; then run_binary=true run_image=true; fi
command -v curl >/dev/null 2>&1 || die "curl is missing; apt-get install -y curl"

minio_pid="" container_id="" data_dir=""
cleanup() {
  local rc=$?
  if [[ -n "$minio_pid" ]]; then
    kill "$minio_pid" 2>/dev/null || true
    wait "$minio_pid" 2>/dev/null || true
    ((rc == 0 || rc >= 128)) || { log "last lines of the MinIO log:" && tail -n 20 "$data_dir.log" >&2; }
  fi
  if [[ -n "$container_id" ]]; then
    ((rc == 0 || rc >= 128)) || { log "last lines of the container log:" && docker logs --tail 20 "$container_id" >&2; }
    docker rm -f "$container_id" >/dev/null 2>&1
  fi
  [[ -n "$data_dir" ]] && rm -rf "$data_dir" "$data_dir.log"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Polls the liveness endpoint until it answers 200; prints the milliseconds since $2.
wait_healthy() {
  local endpoint="$1" started_ms="$2" deadline=$((SECONDS + HEALTH_WAIT_SECONDS))
  until curl -fsS -o /dev/null --max-time 2 "$endpoint/minio/health/live" 2>/dev/null; do
    ((SECONDS < deadline)) || die "$endpoint/minio/health/live did not answer 200 within ${HEALTH_WAIT_SECONDS} s"
    sleep 0.05
  done
  echo $(($(now_ms) - started_ms))
}

# Bucket, put, get, ETag = MD5(body): the S3 behaviour the conformance suites rely on first.
s3_round_trip() {
  local endpoint="$1" bucket="smoke-$$" body="hello from edgecase $$"
  local sig=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$USER_NAME:$PASSWORD" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
  curl -fsS "${sig[@]}" -X PUT "$endpoint/$bucket" -o /dev/null || die "CreateBucket $bucket at $endpoint failed"
  local headers etag md5 got
  headers="$(curl -fsS "${sig[@]}" -X PUT --data-binary "$body" -D - -o /dev/null "$endpoint/$bucket/a.txt")" ||
    die "PutObject $bucket/a.txt at $endpoint failed"
  etag="$(tr -d '\r' <<<"$headers" | sed -nE 's/^[Ee][Tt]ag: "?([^"]*)"?$/\1/p')"
  md5="$(printf '%s' "$body" | md5sum | cut -d' ' -f1)"
  [[ "$etag" == "$md5" ]] || die "PutObject ETag: expected the MD5 of the body, $md5, got '$etag'"
  got="$(curl -fsS "${sig[@]}" "$endpoint/$bucket/a.txt")" || die "GetObject $bucket/a.txt at $endpoint failed"
  [[ "$got" == "$body" ]] || die "GetObject body: expected '$body', got '$got'"
  log "S3 round trip ok at $endpoint (CreateBucket, PutObject ETag = MD5 $etag, GetObject)"
}

if $run_binary; then
  bin="$("$SCRIPT_DIR/provision-minio.sh")"
  data_dir="$(mktemp -d /tmp/edgecase-minio-data.XXXXXX)"
  port="$(free_port)" console_port="$(free_port)"
  endpoint="http://127.0.0.1:$port"
  started_ms="$(now_ms)"
  MINIO_ROOT_USER="$USER_NAME" MINIO_ROOT_PASSWORD="$PASSWORD" \
    "$bin" server "$data_dir" --address "127.0.0.1:$port" --console-address "127.0.0.1:$console_port" \
    >"$data_dir.log" 2>&1 &
  minio_pid=$!
  elapsed_ms="$(wait_healthy "$endpoint" "$started_ms")"
  log "binary: start -> healthy in ${elapsed_ms} ms ($endpoint, pid $minio_pid)"
  s3_round_trip "$endpoint"
  kill "$minio_pid" 2>/dev/null || true
  wait "$minio_pid" 2>/dev/null || true
  minio_pid=""
  rm -rf "$data_dir" "$data_dir.log"
  data_dir=""
fi

if $run_image; then
  mapfile -t provisioned < <("$SCRIPT_DIR/provision-minio.sh" --image)
  [[ ${#provisioned[@]} == 2 ]] || die "scripts/provision-minio.sh --image failed (see above)"
  image="${provisioned[1]}"
  started_ms="$(now_ms)"
  container_id="$(docker run -d -p 127.0.0.1::9000 -p 127.0.0.1::9001 \
    -e MINIO_ROOT_USER="$USER_NAME" -e MINIO_ROOT_PASSWORD="$PASSWORD" "$image")" ||
    die "docker run $image failed"
  mapped="$(docker port "$container_id" 9000/tcp | head -n 1)"
  endpoint="http://$mapped"
  elapsed_ms="$(wait_healthy "$endpoint" "$started_ms")"
  log "image: docker run -> healthy in ${elapsed_ms} ms ($endpoint, container ${container_id:0:12})"
  s3_round_trip "$endpoint"
  listing="$(docker export "$container_id" | tar -tv)"
  grep -qE '^drwxrwxrwt .* tmp/$' <<<"$listing" || die "/tmp in $image is not a sticky world-writable directory"
  grep -qE '^drwx.* data/$' <<<"$listing" || die "/data is missing from $image"
  grep -qE ' data/\.minio\.sys/' <<<"$listing" || die "MinIO wrote nothing under /data in $image"
  log "image file system ok: /tmp drwxrwxrwt, /data written by MinIO"
  docker rm -f "$container_id" >/dev/null
  container_id=""
fi
log "all checks passed"
