#!/usr/bin/env bash
# Compiles every app's kk/ru/en catalogue (tapsyrys/<app>/locale) to .mo files.
set -euo pipefail
PY=${1:-python3}
cd tapsyrys
DJANGO_SETTINGS_MODULE=config.settings.demo PYTHONPATH=.. "../$(dirname "$PY")/django-admin" compilemessages -v 0
