#!/usr/bin/env bash
# Qt's offscreen and xcb platforms need shared libraries that a bare Debian image lacks, and
# the server's tests and bench start a PostgreSQL server of their own (tests/postgres.py) from the
# distribution's server package. Installs them only when missing and only where we may (root with
# apt-get); elsewhere says what is missing and carries on, since a developer's desktop normally
# has them (or sets CAREDESK_PG_BIN to another PostgreSQL's programs).
set -euo pipefail
# soname package: what the offscreen platform needs, then what the xcb platform (a real X11
# desktop, Qt 6.5 and newer) adds; desktop/platform_check.py names the same list when one is
# missing at start-up.
deps=(
  libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0
  libfontconfig.so.1:libfontconfig1 libfreetype.so.6:libfreetype6 libdbus-1.so.3:libdbus-1-3
  libglib-2.0.so.0:libglib2.0-0
  libxcb.so.1:libxcb1 libX11.so.6:libx11-6 libX11-xcb.so.1:libx11-xcb1
  libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
  libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
  libxcb-randr.so.0:libxcb-randr0 libxcb-render.so.0:libxcb-render0
  libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0
  libxcb-shm.so.0:libxcb-shm0 libxcb-sync.so.1:libxcb-sync1 libxcb-util.so.1:libxcb-util1
  libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-xkb.so.1:libxcb-xkb1
  libxkbcommon-x11.so.0:libxkbcommon-x11-0
)
missing=()
for dep in "${deps[@]}"; do
  if ! ldconfig -p 2>/dev/null | grep -qF "${dep%%:*} "; then missing+=("${dep##*:}"); fi
done
if ! fc-list 2>/dev/null | grep -qi 'dejavu'; then missing+=(fonts-dejavu-core); fi
if [ -z "${CAREDESK_PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
   && ! command -v initdb >/dev/null; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages (Qt's libraries, PostgreSQL for the tests): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Qt may need these system packages: ${missing[*]} (install them with your package manager)" >&2
fi
