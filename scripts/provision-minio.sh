#!/usr/bin/env bash
# Builds MinIO from source with Go, through the Go module proxy, and caches the static binary outside
# the repo. With --image it also wraps the binary in a local Docker image that @testcontainers/minio
# can start with its defaults. MinIO is AGPL-3.0: none of its code or binaries is kept in this repo.
#
# Usage: scripts/provision-minio.sh [--image]
#   stdout: the binary's path, then the image name when --image is given (progress goes to stderr)
#   env:    EDGECASE_CACHE_DIR (default $HOME/.cache/edgecase); the usual Go variables (GOMODCACHE, ...)
#
# Why this version: the community edition is source-only since 2025-10-15 and its last release is
# RELEASE.2025-10-15T17-29-55Z (cloudfront-behaviour.md §12). MinIO tags are not semver, and the Go
# module proxy reachable here refuses that tag (and its commit 9e49d5e7a648) with "403 This module
# version is not available"; the only version it serves is the archived repository's last commit,
# which is that release plus four bug fixes (conditional-PUT read quorum #21653, one response per
# request #21651, PostPolicy tagging #21656, metric descriptions #21638) and docs/README changes.
set -euo pipefail

readonly MINIO_MODULE=github.com/minio/minio
readonly MINIO_MODULE_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
# h1: hash of the module zip, checked here because the checksum database is not reachable; its
# files were compared one by one with the git blobs of commit MINIO_COMMIT on 2026-11-22.
readonly MINIO_MODULE_SUM='h1:/qdoYujxF5MBLDMVLeiYJ/7fBa1HikX39Dvzb9Ji8pA='
readonly MINIO_COMMIT=7aac2a2c5b7c882e68c1ce017d8256be2feea27f
readonly MINIO_COMMIT_TIME=2026-02-12T20:18:48Z
# What MinIO's own `make build` names an untagged commit: DEVELOPMENT.<commit time>.
readonly MINIO_RELEASE_TAG=DEVELOPMENT.2026-02-12T20-18-48Z
readonly MINIO_IMAGE="edgecase/minio:${MINIO_MODULE_VERSION}"
readonly MIN_GO_MINOR=24 # go.mod of that commit says `go 1.24.0`

readonly CACHE_ROOT="${EDGECASE_CACHE_DIR:-$HOME/.cache/edgecase}"
readonly BIN_DIR="${CACHE_ROOT}/minio/${MINIO_MODULE_VERSION}"
readonly BIN="${BIN_DIR}/minio"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR

log() { echo "[provision-minio] $*" >&2; }
die() {
  echo "[provision-minio] error: $*" >&2
  exit 1
}

want_image=false
for arg in "$@"; do
  case "$arg" in
    --image) want_image=true ;;
    -h | --help)
      sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 0
      ;;
    *) die "unknown option '$arg'; expected --image or --help" ;;
  esac
done

case "$CACHE_ROOT" in
  "$(cd "$SCRIPT_DIR/.." && pwd)"/*) die "EDGECASE_CACHE_DIR=$CACHE_ROOT is inside the repository; MinIO binaries must not land in it. Point it elsewhere." ;;
esac

if $want_image && ! timeout 10 docker info >/dev/null 2>&1; then
  die "--image needs a Docker engine and none answers; run scripts/start-docker.sh first"
fi

expected_version_line="minio version ${MINIO_RELEASE_TAG} (commit-id=${MINIO_COMMIT})"

binary_is_current() {
  [[ -x "$BIN" ]] || return 1
  local first_line
  first_line="$("$BIN" --version 2>/dev/null | head -n 1)" || return 1
  [[ "$first_line" == "$expected_version_line" ]]
}

check_go() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH; install Go >= 1.${MIN_GO_MINOR} (Debian: apt-get install golang-1.${MIN_GO_MINOR}, or from go.dev)"
  local v minor
  v="$(go env GOVERSION)"
  minor="$(sed -E 's/^go1\.([0-9]+).*/\1/' <<<"$v")"
  [[ "$minor" =~ ^[0-9]+$ && "$minor" -ge "$MIN_GO_MINOR" ]] || die "expected Go >= 1.${MIN_GO_MINOR}, got $v"
  log "using $v"
}

build_binary() {
  check_go
  mkdir -p "$BIN_DIR"
  work="$(mktemp -d "${BIN_DIR}/.build.XXXXXX")" # global: the EXIT trap runs after this function returns
  trap 'rm -rf "$work"' EXIT

  # The checksum database is not reachable on these machines: skip it for MinIO only and check the
  # pinned hash ourselves; MinIO's dependencies are still checked against its own go.sum.
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}${MINIO_MODULE}"
  export GOTOOLCHAIN=local CGO_ENABLED=0

  log "resolving ${MINIO_MODULE}@${MINIO_MODULE_VERSION} through $(go env GOPROXY)"
  local info sum dir
  info="$(go mod download -json "${MINIO_MODULE}@${MINIO_MODULE_VERSION}")" || die "go mod download of ${MINIO_MODULE}@${MINIO_MODULE_VERSION} failed (see above); is the Go module proxy reachable?"
  sum="$(sed -nE 's/^\s*"Sum": "([^"]+)".*/\1/p' <<<"$info")"
  dir="$(sed -nE 's/^\s*"Dir": "([^"]+)".*/\1/p' <<<"$info")"
  [[ "$sum" == "$MINIO_MODULE_SUM" ]] || die "module hash mismatch for ${MINIO_MODULE}@${MINIO_MODULE_VERSION}: expected $MINIO_MODULE_SUM, got '${sum}'; do not build it"
  log "module hash verified ($sum)"

  local ldflags="-s -w"
  ldflags+=" -X ${MINIO_MODULE}/cmd.Version=${MINIO_COMMIT_TIME}"
  ldflags+=" -X ${MINIO_MODULE}/cmd.ReleaseTag=${MINIO_RELEASE_TAG}"
  ldflags+=" -X ${MINIO_MODULE}/cmd.CommitID=${MINIO_COMMIT}"
  ldflags+=" -X ${MINIO_MODULE}/cmd.ShortCommitID=${MINIO_COMMIT:0:12}"
  ldflags+=" -X ${MINIO_MODULE}/cmd.CopyrightYear=${MINIO_COMMIT_TIME:0:4}"

  log "building (go install, CGO_ENABLED=0, nice -n 10); a cold build takes several minutes on 2 cores"
  local started=$SECONDS out="$work/go-install.log"
  if GOBIN="$work" nice -n 10 go install -trimpath -ldflags "$ldflags" "${MINIO_MODULE}@${MINIO_MODULE_VERSION}" 2>"$out"; then
    :
  elif grep -qE 'contains one or more (replace|exclude) directives' "$out"; then
    cat "$out" >&2
    log "go install refused the module; falling back to go build inside $dir"
    (cd "$dir" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$work/minio" .) || die "go build in $dir failed (see above)"
  else
    cat "$out" >&2
    die "go install ${MINIO_MODULE}@${MINIO_MODULE_VERSION} failed (see above)"
  fi
  [[ -x "$work/minio" ]] || die "the build produced no binary at $work/minio"
  chmod 0755 "$work/minio"
  mv -f "$work/minio" "$BIN" # same file system: atomic, so a concurrent reader never sees half a file
  log "built in $((SECONDS - started)) s: $BIN"
}

if binary_is_current; then
  log "cached binary is current: $BIN ($expected_version_line)"
else
  [[ -e "$BIN" ]] && log "cached binary at $BIN does not report '$expected_version_line'; rebuilding"
  build_binary
  binary_is_current || die "$BIN --version does not report '$expected_version_line'; got '$("$BIN" --version 2>&1 | head -n 1)'"
  log "$expected_version_line"
fi
echo "$BIN"

if $want_image; then
  "$SCRIPT_DIR/build-minio-image.sh" "$BIN" "$MINIO_IMAGE" || die "building image $MINIO_IMAGE failed (see above)"
  echo "$MINIO_IMAGE"
fi
