#!/usr/bin/env bash
# Makes PostgreSQL (127.0.0.1:5432, trust auth for user postgres) and Redis (127.0.0.1:6379) answer for
# the scan service's scale-out tests. Idempotent: anything already answering is left alone; Debian's
# packages are installed only when missing.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

install_missing() {
  local missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "services: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "services: ${missing[*]} missing; install with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  local log
  log="$(mktemp)"
  if ! apt-get update -qq >"$log" 2>&1; then
    echo "services: cannot reach the Debian package sources (apt-get update failed: $(grep -m1 -E '^(E|W|Err):' "$log" || tail -n1 "$log")); install ${missing[*]} another way" >&2
    exit 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade "${missing[@]}" >"$log" 2>&1; then
    echo "services: apt-get could not install ${missing[*]} ($(grep -m1 -E '^E:' "$log" || tail -n1 "$log"))" >&2
    exit 1
  fi
  rm -f "$log"
}

if ! pg_up || ! redis_up; then install_missing; fi

if ! pg_up; then
  echo "services: starting PostgreSQL"
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  conf="/etc/postgresql/${version}/main"
  # Trust auth on loopback only, for the throw-away test databases.
  if ! grep -q "rampart-tests" "${conf}/pg_hba.conf"; then
    sed -i '1i host all all 127.0.0.1/32 trust # rampart-tests' "${conf}/pg_hba.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "${version}" main start
  for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  pg_up || { echo "services: PostgreSQL did not start" >&2; exit 1; }
fi

if ! redis_up; then
  echo "services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis_up && break; sleep 0.2; done
  redis_up || { echo "services: Redis did not start" >&2; exit 1; }
fi
echo "services: PostgreSQL and Redis answer on 127.0.0.1"
