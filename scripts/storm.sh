#!/usr/bin/env bash
# Reconnect storm, once, outside the build: a roomcast node (its own process: Chronicle, TLS,
# tcp.max.new.per.second=RATE) with CLIENTS long-connection viewers of one room; the node is killed
# (SIGKILL) and started again, every viewer comes back at once with its cursor while messages are
# published. Prints the admitted rate, the RATE_LIMITED refusals retried, and lost / duplicates /
# skipped per viewer (exit 1 unless all 0). The build runs 1,000 clients in one JVM (ReconnectStormIT).
#   scripts/storm.sh                      10,000 clients, 500 new connections/s
#   CLIENTS=2000 RATE=250 scripts/storm.sh
# Needs bootstrap/target/roomcast.jar and benchmarks/target/benchmarks.jar (mvn -pl bootstrap,benchmarks -am
# package -DskipTests); each side holds CLIENTS sockets, so the open-file limit must be above that. Runs
# under the shared build lock. Writes WORK_DIR/storm.md and the node's logs.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS="${CLIENTS:-10000}"
RATE="${RATE:-500}"
WORK_DIR="${WORK_DIR:-$(mktemp -d /tmp/roomcast-storm.XXXXXX)}"
if [ -z "${STORM_LOCKED:-}" ]; then
  exec env STORM_LOCKED=1 WORK_DIR="$WORK_DIR" flock /tmp/roomcast-mvn.lock "$0" "$@"
fi
ulimit -n "$(ulimit -Hn)"
java -Xmx2g -cp benchmarks/target/benchmarks.jar io.roomcast.benchmarks.load.Storm \
  --server-jar=bootstrap/target/roomcast.jar --work-dir="$WORK_DIR" --clients="$CLIENTS" --rate="$RATE" \
  --out="$WORK_DIR/storm.md"
