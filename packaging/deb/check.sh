#!/usr/bin/env bash
# The .deb as IT installs it, on this (clean) machine, as root: apt-get install, the installed
# desk's self-test from its installed path, a caredesk:// link opened through xdg-open reaching
# the desk already running, then apt-get remove, leaving nothing behind.
# Usage: sudo packaging/deb/check.sh dist/caredesk_<version>_<arch>.deb
set -euo pipefail
deb="$(realpath "$1")"
[ "$(id -u)" = 0 ] || { echo "run as root: it installs a package" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "deb check: $*"; }

# xdg-open and the desktop database come from these; a workstation has them.
command -v curl >/dev/null || apt-get install -y -qq --no-install-recommends curl >/dev/null
for tool in xdg-open update-desktop-database; do
  command -v "$tool" >/dev/null || apt-get install -y -qq --no-install-recommends xdg-utils desktop-file-utils >/dev/null
done
apt-get install -y -qq "$deb" >/dev/null
say "installed $(dpkg-query -W -f='${Package} ${Version}' caredesk)"
for path in /opt/caredesk/caredesk /usr/bin/caredesk /usr/share/applications/caredesk.desktop \
    /usr/share/icons/hicolor/256x256/apps/caredesk.png; do
  [ -e "$path" ] || { echo "missing after install: $path" >&2; exit 1; }
done
[ "$(command -v caredesk)" = /usr/bin/caredesk ] || { echo "caredesk is not on the PATH" >&2; exit 1; }
grep -q 'x-scheme-handler/caredesk=caredesk.desktop' /usr/share/applications/mimeinfo.cache \
  || { echo "caredesk:// is not registered in the desktop database" >&2; exit 1; }
[ "$(xdg-mime query default x-scheme-handler/caredesk)" = caredesk.desktop ] \
  || { echo "xdg-mime does not name caredesk.desktop for caredesk://" >&2; exit 1; }

# The self-test, from the installed path (offscreen: the embedded demo server, a demo call).
(cd "$work" && QT_QPA_PLATFORM=offscreen caredesk --self-test) | tee "$work/self-test.log"
grep -q "self-test: passed" "$work/self-test.log"

# A link through xdg-open, to a desk already running for this user, on an X display as on a
# workstation (xdg-open hands a URL to its scheme's handler only where there is a display).
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
/opt/caredesk/caredesk-server --demo --patients 20 --data-dir "$work/server" --port "$port" \
  >"$work/server.out" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/server.out" >&2; exit 1; }
cat > "$work/link.sh" <<'LINK'
#!/usr/bin/env bash
# Runs under xvfb-run: $1 the work folder, $2 the server's address.
set -euo pipefail
work="$1"
export CAREDESK_LOG_DIR="$work/logs" CAREDESK_CACHE_DIR="$work/cache" CAREDESK_DATA_DIR="$work/data"
export QT_QPA_PLATFORM=xcb
caredesk --server "$2" >"$work/desk.out" 2>&1 &
desk=$!
trap 'kill $desk 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  grep -qs "CareDesk starting" "$work/logs/caredesk.log" && break
  sleep 0.1
done
grep -qs "CareDesk starting" "$work/logs/caredesk.log" || { cat "$work/desk.out" >&2; exit 1; }
xdg-open "caredesk://conversation/conv_from_xdg_open"
for _ in $(seq 100); do
  grep -qs "another launch handed over 1 argument" "$work/logs/caredesk.log" && break
  sleep 0.1
done
grep -qs "another launch handed over 1 argument" "$work/logs/caredesk.log" \
  || { echo "the running desk never received the link" >&2; cat "$work/logs/caredesk.log" >&2; exit 1; }
LINK
command -v xvfb-run >/dev/null || apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
xvfb-run -a -s "-screen 0 1366x768x24" bash "$work/link.sh" "$work" "http://127.0.0.1:$port"
say "xdg-open handed caredesk://conversation/… to the running desk"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
pids=()

apt-get remove -y -qq caredesk >/dev/null
for path in /opt/caredesk /usr/bin/caredesk /usr/share/applications/caredesk.desktop \
    /usr/share/icons/hicolor/256x256/apps/caredesk.png; do
  [ ! -e "$path" ] || { echo "left behind after remove: $path" >&2; exit 1; }
done
! grep -qs 'caredesk' /usr/share/applications/mimeinfo.cache \
  || { echo "caredesk:// still registered after remove" >&2; exit 1; }
say "removed cleanly"
