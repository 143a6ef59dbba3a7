#!/usr/bin/env bash
# Installs Debian's chromium for the optional browser steps (PNG/SVG figure export, the book's browser test).
# Nothing else needs it: HTML figures, notebooks and the book open offline in any browser. Safe to run twice.
set -u
if command -v chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version 2>/dev/null)"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is not installed and this script needs root and apt-get; the PNG/SVG export and the browser test are skipped"; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if apt-get install -y -qq chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version 2>/dev/null)"; else echo "chromium could not be installed; browser steps are skipped"; exit 1; fi
