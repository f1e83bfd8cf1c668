#!/usr/bin/env bash
# Lists what a MinIO started by @edgecase/minio could leave behind, and fails if anything is there:
# containers labelled edgecase.minio.session (every container the launcher starts), `minio server`
# processes on an edgecase-minio-* data directory, the launcher's guard processes, and
# edgecase-minio-* data directories under TMPDIR. CI runs it after the tests (docs/origins.md).
#
# Usage: scripts/check-minio-leftovers.sh
set -euo pipefail

left=()
if command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
  containers="$(docker ps -aq --filter label=edgecase.minio.session)"
  [[ -z "$containers" ]] || left+=("containers: ${containers//$'\n'/ }")
fi
servers="$(pgrep -af 'minio server .*edgecase-minio-' || true)"
[[ -z "$servers" ]] || left+=("servers: ${servers//$'\n'/; }")
guards="$(pgrep -af 'edgecase\.minio\.session=' || true)"
[[ -z "$guards" ]] || left+=("guards: ${guards//$'\n'/; }")
dirs="$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'edgecase-minio-*' 2>/dev/null || true)"
[[ -z "$dirs" ]] || left+=("data directories: ${dirs//$'\n'/ }")

if ((${#left[@]} > 0)); then
  printf '[minio-leftovers] left behind: %s\n' "${left[@]}" >&2
  exit 1
fi
echo "[minio-leftovers] no MinIO container, process, guard or data directory is left"
