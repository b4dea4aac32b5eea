#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages: Debian's Chromium for the HTML report test.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "ci-setup: chromium is missing; install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
