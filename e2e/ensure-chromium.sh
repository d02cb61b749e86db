#!/usr/bin/env bash
# Installs Debian's Chromium for the e2e tests when it is missing (needs root and apt).
set -euo pipefail
bin="${BOLDSTUDIO_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Chromium is missing at $bin; install it (Debian: apt-get install -y chromium) or set BOLDSTUDIO_CHROMIUM." >&2
  exit 1
fi
echo "Installing Chromium with apt-get…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
