#!/usr/bin/env bash
# Sets up kkdocs on a fresh Debian machine: LibreOffice, fonts, tcmalloc, and Chromium with its
# driver and npm for the browser tests (apt-get, when missing),
# the Danish locale, a virtual environment with kkdocs and its test tools, `kkdocs` on PATH
# (scripts/link-kkdocs.sh), unoserver for the system's Python (scripts/unoserver-venv.sh), then
# builds the example cases into build/. Pass --no-build to stop
# after the set-up.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages="libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils locales python3-uno libtcmalloc-minimal4 chromium chromium-driver"
# Debian's npm only where there is none: a Node.js from elsewhere (NodeSource) brings its own npm
# and conflicts with Debian's package, so asking for it there would fail the whole install.
command -v npm >/dev/null || apt_packages="$apt_packages npm"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -i carlito >/dev/null \
    || ! /usr/bin/python3 -c "import uno" 2>/dev/null \
    || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v npm >/dev/null \
    || ! python3 -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('tcmalloc_minimal'))"; then
  echo "Installerer LibreOffice, skrifttyper, poppler-utils, tcmalloc og Chromium (browsertestene) med apt-get …"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $apt_packages
fi
if ! locale -a 2>/dev/null | grep -qi '^da_DK.utf8$'; then
  echo "Laver den danske locale da_DK.UTF-8 (talformater i regneark) …"
  command -v locale-gen >/dev/null || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq locales
  $sudo sed -i 's/^# *da_DK.UTF-8 UTF-8/da_DK.UTF-8 UTF-8/' /etc/locale.gen
  $sudo locale-gen >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
bash scripts/link-kkdocs.sh
bash scripts/unoserver-venv.sh
# axe-core for the accessibility checks of tests/browser/, at the version package-lock.json pins
(cd tests/browser && npm ci --silent --no-audit --no-fund)

if [ "${1:-}" != "--no-build" ]; then
  .venv/bin/kkdocs build
fi
