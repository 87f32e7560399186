#!/usr/bin/env bash
# Regenerate the translation catalogs: makemessages → zh_Hans (translations_zh_hans.py) →
# zh_Hant (OpenCC) → en (empty msgstr) → compilemessages. Idempotent; see README.md.
# Exit status 1 means some msgids are untranslated (they are listed) — add them and rerun.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
exec "$PYTHON" scripts/i18n/build.py "$@"
