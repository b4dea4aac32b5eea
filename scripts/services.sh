#!/usr/bin/env bash
# Makes Redis answer on 127.0.0.1:6379 for the guard's shared-counter test; starts Debian's
# redis-server when nothing answers, installing it first only when it is missing.
set -euo pipefail
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
if redis_up; then echo "services: Redis answers on 127.0.0.1:6379"; exit 0; fi
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "services: redis-server is missing; install it with: sudo apt-get install redis-server" >&2
    exit 1
  fi
  echo "services: installing Debian's redis-server"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade redis-server >/dev/null
fi
echo "services: starting Redis on 127.0.0.1:6379"
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
for _ in $(seq 1 50); do redis_up && break; sleep 0.2; done
redis_up || { echo "services: Redis did not start" >&2; exit 1; }
