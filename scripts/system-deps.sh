#!/usr/bin/env bash
# Qt's offscreen and xcb platforms need a few shared libraries that a bare Debian image lacks, and
# the server's tests and bench start a PostgreSQL server of their own (tests/postgres.py) from the
# distribution's server package. Installs them only when missing and only where we may (root with
# apt-get); elsewhere says what is missing and carries on, since a developer's desktop normally
# has them (or sets CAREDESK_PG_BIN to another PostgreSQL's programs).
set -euo pipefail
libs=(libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0)
pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
missing=()
for i in "${!libs[@]}"; do
  if ! ldconfig -p 2>/dev/null | grep -q "${libs[$i]}"; then missing+=("${pkgs[$i]}"); fi
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
