#!/usr/bin/env bash
# Wraps a static MinIO binary in a local image FROM scratch (nothing to pull), shaped for
# @testcontainers/minio's defaults: it runs `server --console-address :9001 /data` with
# MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, exposes 9000 and 9001, and waits on GET /minio/health/live.
# Called by scripts/provision-minio.sh --image; skips the build when the image already holds this binary.
#
# Usage: scripts/build-minio-image.sh <path to static minio binary> <image name:tag>
set -euo pipefail

log() { echo "[provision-minio] $*" >&2; }
die() {
  echo "[provision-minio] error: $*" >&2
  exit 1
}

[[ $# == 2 ]] || die "expected 2 arguments (binary path, image name), got $#: $*"
readonly BIN="$1" IMAGE="$2"
[[ -x "$BIN" ]] || die "expected an executable MinIO binary, got '$BIN'"
command -v docker >/dev/null 2>&1 || die "no docker client on PATH; run scripts/start-docker.sh"
timeout 10 docker info >/dev/null 2>&1 || die "the Docker engine does not answer; run scripts/start-docker.sh first"
# FROM scratch has no libc: a dynamically linked binary would fail there with a bare "no such file".
if command -v file >/dev/null 2>&1 && ! file -L "$BIN" | grep -q 'statically linked'; then
  die "$BIN is not statically linked; build it with CGO_ENABLED=0"
fi

sha="$(sha256sum "$BIN" | cut -d' ' -f1)"
readonly SHA_LABEL=edgecase.minio.binary-sha256
have="$(docker image inspect --format "{{ index .Config.Labels \"$SHA_LABEL\" }}" "$IMAGE" 2>/dev/null || true)"
if [[ "$have" == "$sha" ]]; then
  log "image $IMAGE already holds this binary (sha256 $sha)"
  exit 0
fi

ctx="$(mktemp -d /tmp/edgecase-minio-image.XXXXXX)"
trap 'rm -rf "$ctx"' EXIT
cp "$BIN" "$ctx/minio"
# Directories a scratch image lacks: the data directory the default command names, HOME (MinIO
# looks for ~/.minio/certs), and /tmp (Go's os.TempDir), sticky and world-writable as usual.
mkdir -p "$ctx/rootfs/data" "$ctx/rootfs/tmp" "$ctx/rootfs/root"
chmod 0755 "$ctx/rootfs" "$ctx/rootfs/data" && chmod 0700 "$ctx/rootfs/root"
chmod 1777 "$ctx/rootfs/tmp"
version_line="$("$BIN" --version | head -n 1)"
cat >"$ctx/Dockerfile" <<EOF
FROM scratch
COPY rootfs/ /
COPY minio /usr/bin/minio
ENV HOME=/root
EXPOSE 9000 9001
LABEL org.opencontainers.image.title="MinIO for edgecase tests (local build, not for distribution)" \\
      org.opencontainers.image.description="${version_line}" \\
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \\
      ${SHA_LABEL}="${sha}"
ENTRYPOINT ["/usr/bin/minio"]
CMD ["server", "--console-address", ":9001", "/data"]
EOF

log "building image $IMAGE (FROM scratch, binary sha256 $sha)"
started=$SECONDS
# The legacy builder is enough for FROM scratch and needs no buildx plugin.
DOCKER_BUILDKIT=0 docker build --quiet --tag "$IMAGE" "$ctx" >/dev/null 2>"$ctx/build.log" || {
  cat "$ctx/build.log" >&2
  die "docker build of $IMAGE failed (see above)"
}
log "built image $IMAGE in $((SECONDS - started)) s"
