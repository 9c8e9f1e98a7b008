#!/usr/bin/env bash
# Re-extracts each app's strings into its own catalogue tapsyrys/<app>/locale/{kk,ru,en};
# English entries default to the source text (msgen). Translate kk and ru by hand.
set -euo pipefail
PY=${1:-python3}
ONLY=${2:-}   # optional: one app name, e.g. formation
root=$(pwd)
for loc in tapsyrys/*/locale; do
  [ -n "$ONLY" ] && [ "$loc" != "tapsyrys/$ONLY/locale" ] && continue
  app=$(dirname "$loc")
  (cd "$app" && DJANGO_SETTINGS_MODULE=config.settings.demo PYTHONPATH="$root" "$root/$(dirname "$PY")/django-admin" \
     makemessages -l kk -l ru -l en --no-obsolete --no-location -i "tests/*" -i tests -v 0)
  po="$loc/en/LC_MESSAGES/django.po"
  [ -f "$po" ] && msgen "$po" -o "$po"
done
