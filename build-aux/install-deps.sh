#!/usr/bin/env bash
# The one list of Debian/Ubuntu packages Versus needs to build, run and test.
# Installs only what is missing: with apt-get as root, through sudo otherwise; without either
# it prints the command to run and exits non-zero. Quick and offline when all is present.
set -eu

packages=(
  # build
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libsecret-1-dev
  libcairo2-dev libpango1.0-dev nettle-dev
  # fuzzing and sanitizers (clang's libFuzzer, ASan/UBSan runtimes)
  clang libclang-rt-dev
  # data validation; the format of changed lines (build-aux/check-format.sh)
  desktop-file-utils appstream clang-format python3
  # language-spec validation (xmllint against GtkSourceView's RelaxNG schema)
  libxml2-utils
  # headless GUI tests and screenshots
  xvfb xauth dbus dbus-x11 xdotool imagemagick at-spi2-core
  # keys and the wheel sent through the X server in GUI tests (XTest)
  libx11-dev libxtst-dev
  # the screen reader's view in tests/test-a11y.c
  libatspi2.0-dev
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme
  # secrets in tests (Secret Service)
  gnome-keyring
  # checking exported charts and reports
  librsvg2-bin poppler-utils
  # benchmarks' anchors
  wrk nodejs hyperfine
)
# Some Node.js builds bundle npm and conflict with Debian's npm package.
command -v npm >/dev/null 2>&1 || packages+=(npm)

# One dpkg-query for the whole list keeps this instant when everything is there.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null \
            | awk '$NF == "installed" { print $1 }' | sed 's/:.*//')
missing=()
for p in "${packages[@]}"; do
  grep -qxF "$p" <<<"$installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Versus needs these packages: ${missing[*]}" >&2
cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  "${cmd[@]}"
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq || true
  sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
else
  echo "Run as root: apt-get update && ${cmd[*]}" >&2
  exit 1
fi
