#!/usr/bin/env bash
# Browser tests drive Debian's chromium with Playwright (never `playwright install`).
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
else
  echo "note: /usr/bin/chromium is missing and we are not root; browser tests will be skipped" \
       "(install it with: sudo apt-get install chromium)" >&2
fi
exit 0
