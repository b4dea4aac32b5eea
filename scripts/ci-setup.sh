#!/usr/bin/env bash
# The one system-package step of the test setup, run on its own and visibly (README, .ci/run):
# it installs Debian's Chromium, which only test/report/html-browser.test.ts needs (it opens the
# HTML report in a real browser). Nothing else is installed and nothing is upgraded: no
# `apt-get upgrade`, and `--no-upgrade` leaves an installed chromium as it is.
set -euo pipefail
chromium_path="${RAMPART_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  echo "ci-setup: chromium found at $chromium_path; nothing to install"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ci-setup: chromium is missing (needed by the HTML report browser test); install it with: sudo apt-get install --no-install-recommends chromium, or set RAMPART_CHROMIUM" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ci-setup: chromium is missing and this system has no apt-get; install Chromium and set RAMPART_CHROMIUM=/path/to/chromium" >&2
  exit 1
fi
echo "ci-setup: installing Debian's chromium (only for test/report/html-browser.test.ts) with apt-get"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! apt-get update -qq >"$log" 2>&1; then
  echo "ci-setup: cannot reach the Debian package sources (apt-get update failed: $(grep -m1 -E '^(E|W|Err):' "$log" || tail -n1 "$log")); install chromium another way or set RAMPART_CHROMIUM" >&2
  exit 1
fi
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade chromium >"$log" 2>&1; then
  echo "ci-setup: apt-get could not install chromium ($(grep -m1 -E '^E:' "$log" || tail -n1 "$log")); install it another way or set RAMPART_CHROMIUM" >&2
  exit 1
fi
echo "ci-setup: chromium installed at $(command -v chromium)"
