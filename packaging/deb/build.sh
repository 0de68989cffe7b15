#!/usr/bin/env bash
# `make deb`: a Debian package of the frozen desk (dist/CareDesk, from `make package`).
#   /opt/caredesk/            the frozen folder (the desk, its embedded demo server, resources)
#   /usr/bin/caredesk         a link to /opt/caredesk/caredesk
#   /usr/share/applications/caredesk.desktop   menu entry; registers x-scheme-handler/caredesk
#   /usr/share/icons/hicolor/{256x256,scalable}/apps/caredesk.{png,svg}
# Installs with `apt-get install ./dist/caredesk_<version>_<arch>.deb` (apt fetches the X11
# libraries in Depends), removes with `apt-get remove caredesk`, leaving nothing behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
frozen="${1:-dist/CareDesk}"
[ -x "$frozen/caredesk" ] || { echo "no frozen desk at $frozen: run make package first" >&2; exit 1; }
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -1)"
arch="$(dpkg --print-architecture)"
root="build/deb/caredesk_${version}_${arch}"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/scalable/apps" \
  "$root/usr/share/doc/caredesk"
cp -a "$frozen" "$root/opt/caredesk"
ln -s /opt/caredesk/caredesk "$root/usr/bin/caredesk"
install -m 644 resources/caredesk.desktop "$root/usr/share/applications/caredesk.desktop"
install -m 644 resources/icons/caredesk.png "$root/usr/share/icons/hicolor/256x256/apps/caredesk.png"
install -m 644 resources/icons/caredesk.svg "$root/usr/share/icons/hicolor/scalable/apps/caredesk.svg"
printf 'CareDesk %s\nProprietary; see the licence agreement that came with it.\n' "$version" \
  > "$root/usr/share/doc/caredesk/copyright"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
# What Qt's xcb platform links against (desktop/platform_check.py keeps the same list), and
# xdg-utils for caredesk:// links opened from other programs.
depends="libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0, \
libxkbcommon0, libxkbcommon-x11-0, libxcb1, libx11-6, libx11-xcb1, libxcb-cursor0, \
libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render0, \
libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-util1, libxcb-xfixes0, \
libxcb-xkb1"
cat > "$root/DEBIAN/control" <<CONTROL
Package: caredesk
Version: ${version}
Architecture: ${arch}
Maintainer: CareDesk team <caredesk@pharmacy.example>
Installed-Size: ${size}
Depends: ${depends}
Recommends: xdg-utils, desktop-file-utils
Section: misc
Priority: optional
Homepage: https://caredesk.pharmacy.example
Description: Patient-care desk for pharmacy advisors and pharmacists
 Conversations from the phone system and the chat, caller authentication,
 the patient's account and the workflows an advisor runs on it.
CONTROL
# The menu and the caredesk:// handler take effect at once: the desktop database is rebuilt
# (desktop-file-utils also does it by trigger), and the icon cache when there is one.
for script in postinst postrm; do
  cat > "$root/DEBIAN/$script" <<'SCRIPT'
#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/index.theme ]; then
  gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
SCRIPT
  chmod 755 "$root/DEBIAN/$script"
done
mkdir -p dist
out="dist/caredesk_${version}_${arch}.deb"
# xz, dpkg's default: every dpkg can unpack it (zstd needs 1.21.18, newer than Ubuntu 20.04's).
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
