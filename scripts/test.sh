#!/usr/bin/env bash
# Runs every test of roomcast: unit tests, the store contract against all stores, integration
# tests on real sockets, a real redis-server and a three-master Redis Cluster, end-to-end and ArchUnit tests.
# Works on a fresh Debian machine: installs redis-server when it is missing (the Redis tests
# start their own server on a free loopback port; set REDIS_URL to use an existing one), and
# chromium + chromium-driver for the browser tests (BrowserIT), and nginx for the tests of polling
# behind a cache (NginxProcessIT, NginxSlicesIT start their own nginx on a free loopback port with a
# config of their own; the package's default site is not used). The JavaScript client needs
# Node.js 20+ and npm: its packages come from client-js/package-lock.json (npm ci, in the build).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# redis-cli (Debian's redis-tools, a dependency of redis-server) joins the test Redis Cluster.
{ command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; } || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "not found: ${missing[*]}: installing with apt-get" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $(node --version) is too old for client-js: install Node.js 20 or later" >&2
  exit 1
fi

exec mvn -B -ntp verify "$@"
