#!/usr/bin/env bash
# Runs every test of roomcast: unit tests, the store contract against all stores, integration
# tests on real sockets, a real redis-server and a three-master Redis Cluster, end-to-end and ArchUnit tests.
# Works on a fresh Debian machine: installs redis-server when it is missing (the Redis tests
# start their own server on a free loopback port; set REDIS_URL to use an existing one).
set -euo pipefail
cd "$(dirname "$0")/.."

# redis-cli (Debian's redis-tools, a dependency of redis-server) joins the test Redis Cluster.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "redis-server or redis-cli not found: installing redis-server with apt-get" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq redis-server >/dev/null
fi

exec mvn -B -ntp verify "$@"
