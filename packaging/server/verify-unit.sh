#!/usr/bin/env bash
# Checks packaging/server/caredesk-server.service with `systemd-analyze verify` where systemd is
# installed (else says so and passes). verify also checks that ExecStart's program exists, so
# the unit is checked as installed against this checkout's server: $1 (default
# .venv/bin/caredesk-server).
set -euo pipefail
cd "$(dirname "$0")/../.."
server="$(realpath "${1:-.venv/bin/caredesk-server}")"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze not found: the unit was not verified"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s|^ExecStart=/opt/caredesk-server/bin/caredesk-server |ExecStart=$server |" \
  packaging/server/caredesk-server.service > "$work/caredesk-server.service"
grep -q "^ExecStart=$server " "$work/caredesk-server.service"
out="$(systemd-analyze verify "$work/caredesk-server.service" 2>&1)" || {
  echo "$out" >&2
  exit 1
}
# verify reports some problems as warnings with status 0: any line about the unit fails it.
if printf '%s\n' "$out" | grep -q "caredesk-server.service"; then
  echo "$out" >&2
  exit 1
fi
echo "systemd-analyze verify: packaging/server/caredesk-server.service is valid"
