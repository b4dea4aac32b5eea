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

# Redis on 127.0.0.1:6379 for the guard's shared-counter test (test/guard/guard.test.ts).
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "ci-setup: redis-server is missing; install it with: sudo apt-get install redis-server" >&2
      exit 1
    fi
  fi
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
fi
