#!/usr/bin/env bash
# Makes a headless Chromium available at /usr/bin/chromium for the HTML report's browser test
# (test/integration/trace-report/browser.test.ts, driven by playwright-core with the system browser).
# Installs Debian's chromium package when it is missing; idempotent: a Chromium that runs is left alone.
#
# Usage: scripts/install-chromium.sh   (needs root to install)
#   env: EDGECASE_CHROMIUM (default /usr/bin/chromium)
set -euo pipefail

readonly CHROMIUM="${EDGECASE_CHROMIUM:-/usr/bin/chromium}"

log() { echo "[install-chromium] $*" >&2; }
die() {
  echo "[install-chromium] error: $*" >&2
  exit 1
}

runs() { timeout 30 "$CHROMIUM" --headless --no-sandbox --version >/dev/null 2>&1; }

if [[ -x "$CHROMIUM" ]] && runs; then
  log "$("$CHROMIUM" --version 2>/dev/null) at $CHROMIUM"
  exit 0
fi
[[ "$(id -u)" == 0 ]] || die "$CHROMIUM is missing and installing it needs root; run: sudo apt-get update && sudo apt-get install -y chromium"
apt_log=/tmp/edgecase-chromium-install.log
log "$CHROMIUM is missing: apt-get update && apt-get install -y chromium (output in $apt_log)"
if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } >"$apt_log" 2>&1; then
  tail -n 20 "$apt_log" | sed 's/^/    /' >&2
  die "installing chromium failed; full output in $apt_log"
fi
runs || die "chromium is installed but '$CHROMIUM --headless --version' does not run"
log "$("$CHROMIUM" --version 2>/dev/null) at $CHROMIUM"
