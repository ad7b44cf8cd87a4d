#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter for the Rasa runtime.
# Order: $PYTHON310 setting, python3.10 on PATH, pyenv versions. Exit 1 with advice if none.
set -euo pipefail

is_py310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=("${PYTHON310:-}")
if command -v python3.10 >/dev/null 2>&1; then candidates+=("$(command -v python3.10)"); fi
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
for p in "$pyenv_root"/versions/3.10.*/bin/python3.10; do candidates+=("$p"); done

for c in "${candidates[@]}"; do
  if is_py310 "$c"; then echo "$c"; exit 0; fi
done

echo "Python 3.10 not found. Rasa Open Source 3.6 needs Python 3.10." >&2
echo "Install it (for example 'pyenv install 3.10.13' or your OS package python3.10 with venv)," >&2
echo "or point the PYTHON310 environment variable at a python3.10 executable." >&2
exit 1
