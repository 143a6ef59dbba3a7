#!/usr/bin/env bash
# Says plainly what is missing to build, test and reproduce ResearchKit. Exit 1 only when something required is missing.
set -u
ok=1
need_sdk=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$(dirname "$0")/../global.json")
if ! command -v dotnet >/dev/null 2>&1; then
  echo "MISSING: the .NET SDK (need $need_sdk or a later feature band of 10.0); install it from your package manager or dotnet-install."
  ok=0
else
  have=$(dotnet --version 2>/dev/null || echo none)
  echo "dotnet SDK: $have (global.json asks for $need_sdk, rollForward latestFeature)"
  case "$have" in 10.*) ;; *) echo "MISSING: a .NET 10 SDK"; ok=0 ;; esac
fi
if [ -f "$(dirname "$0")/../data/reference/cycling/SHA256SUMS" ]; then
  (cd "$(dirname "$0")/../data/reference/cycling" && sha256sum --quiet -c SHA256SUMS) && echo "reference data: data/reference/cycling verified" \
    || { echo "BROKEN: data/reference/cycling does not match its SHA256SUMS"; ok=0; }
fi
if command -v chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version 2>/dev/null) (optional: static PNG/SVG export)";
else echo "note: chromium not installed (optional: only static PNG/SVG figure export needs it; HTML figures do not)"; fi
[ $ok = 1 ] && echo "environment OK" || { echo "environment incomplete"; exit 1; }
