#!/usr/bin/env bash
# Installs the Debian packages Tapsyrys needs when they are missing and we can (root + apt).
# Under CI=true a package that cannot be installed is a failure.
set -uo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v msgfmt >/dev/null || need+=(gettext)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v wrk >/dev/null || need+=(wrk)  # `make load`
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: could not install ${need[*]} (needed under CI=true)" >&2
  exit 1
fi
echo "WARNING: could not install ${need[*]}; browser tests or PDFs may be skipped locally." >&2
exit 0
