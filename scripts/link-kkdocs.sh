#!/usr/bin/env bash
# Puts `kkdocs` on PATH for new shells: a link in ~/.local/bin to this clone's .venv/bin/kkdocs.
# Prints exactly what to type once when ~/.local/bin is not on PATH yet. Called by setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$HOME/.local/bin"
mkdir -p "$bin"
ln -sf "$PWD/.venv/bin/kkdocs" "$bin/kkdocs"
echo "kkdocs er lagt i $bin/kkdocs (en genvej til $PWD/.venv/bin/kkdocs)."
case ":$PATH:" in
  *":$bin:"*)
    echo "Skriv nu fx: kkdocs --help" ;;
  *)
    echo "Mappen $bin er ikke i din PATH endnu. Skriv dette én gang, og åbn derefter en ny terminal:"
    echo "  echo 'export PATH=\"\$HOME/.local/bin:\$PATH\"' >> ~/.bashrc"
    echo "Eller brug kkdocs med den fulde sti: \"$PWD/.venv/bin/kkdocs\"" ;;
esac
