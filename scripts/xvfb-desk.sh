#!/usr/bin/env bash
# The desk once on a real X server (Xvfb, Qt's xcb platform, not offscreen), as a workstation
# runs it: it starts, the embedded demo signs in, a demo call rings, its account paints, and it
# quits. What the X server showed of the window is kept: $1 (default build/ci/desk-on-xvfb.png).
# Usage: scripts/xvfb-desk.sh [screenshot.png] [caredesk command, default .venv/bin/caredesk]
set -euo pipefail
shot="${1:-build/ci/desk-on-xvfb.png}"
desk="${2:-.venv/bin/caredesk}"
if ! command -v xvfb-run >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Xvfb for the desk's real-display check"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
  else
    echo "xvfb-run is missing: install the xvfb and xauth packages" >&2
    exit 1
  fi
fi
mkdir -p "$(dirname "$shot")"
# -a: a free display number; the screen is an advisor's laptop.
xvfb-run -a -s "-screen 0 1366x768x24" \
  env QT_QPA_PLATFORM=xcb "$desk" --self-test --expect-platform xcb --screenshot "$shot"
echo "The desk on Xvfb: $shot"
