#!/usr/bin/env bash
# Makes .venv-unoserver: unoserver for Debian's own Python, which is the one that has
# LibreOffice's `uno` module (package python3-uno). kkdocs' own .venv may run another Python,
# which cannot load uno, so the server side lives in a venv of its own (with the system's
# site-packages, for uno). Tests start their unoserver servers from here; a conversion farm's
# machines are set up the same way (docs/unoserver.md). Called by setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
python=/usr/bin/python3
if ! "$python" -c "import uno" 2>/dev/null; then
  echo "unoserver springes over: $python kan ikke importere uno (installér python3-uno)."
  exit 0
fi
"$python" -m venv --system-site-packages .venv-unoserver
.venv-unoserver/bin/python -m pip install -q "unoserver>=3.7,<4"
echo "unoserver er installeret i .venv-unoserver ($(.venv-unoserver/bin/unoserver --version 2>&1 | tail -1))."
