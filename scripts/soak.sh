#!/usr/bin/env bash
# Soak: one roomcast node (Chronicle store, TLS long connections, Netty leak detection paranoid)
# under the load generator's many-rooms scenario for a bounded time, sampled every SAMPLE_S
# seconds: RSS, threads, open file descriptors, heap used after a full GC, direct buffers. Beside it,
# churn (benchmarks' Churn): CHURN_ROOMS rooms at a time that start and end (each lives CHURN_LIFE s),
# in each CHURN_STAYERS viewers that stay and CHURN_RETURNERS that leave once and come back by cursor,
# passers-by joining live rooms at CHURN_PASSERS/s and leaving for good after 2-20 s; at each room's end
# every viewer that stayed or came back must have delivered + skipped = published (CHURN=0: no churn).
#   scripts/soak.sh              30 minutes
#   scripts/soak.sh --smoke      3 minutes
#   ROOMS=200 VIEWERS_PER_ROOM=20 RATE_PER_ROOM=5 LEAK_LEVEL=disabled scripts/soak.sh
# Needs bootstrap/target/roomcast.jar and benchmarks/target/benchmarks.jar (mvn -pl bootstrap,benchmarks -am
# package -DskipTests). Runs under the shared build lock. Writes WORK_DIR/samples.csv, load.md, server.log
# (churn.md, churn.csv) and prints a summary: first/last/max of each sample, LEAK reports in the server
# log, the load report's totals, the churn's joins, leaves, rooms and accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-1800}"
if [ "${1:-}" = "--smoke" ]; then DURATION=180; fi
ROOMS="${ROOMS:-100}"
VIEWERS_PER_ROOM="${VIEWERS_PER_ROOM:-20}"
RATE_PER_ROOM="${RATE_PER_ROOM:-5}"
SAMPLE_S="${SAMPLE_S:-10}"
CHURN="${CHURN:-1}"
CHURN_ROOMS="${CHURN_ROOMS:-20}"
CHURN_LIFE="${CHURN_LIFE:-60}"
CHURN_STAYERS="${CHURN_STAYERS:-4}"
CHURN_RETURNERS="${CHURN_RETURNERS:-4}"
CHURN_PASSERS="${CHURN_PASSERS:-5}"
CHURN_RATE="${CHURN_RATE:-4}"
LEAK_LEVEL="${LEAK_LEVEL:-paranoid}"   # Netty's leak detector: paranoid tracks every buffer (and costs heap and CPU)
WORK_DIR="${WORK_DIR:-$(mktemp -d /tmp/roomcast-soak.XXXXXX)}"
HTTP_PORT="${HTTP_PORT:-18080}"
TCP_PORT="${TCP_PORT:-19443}"
KEY="soak-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SECRET="soak-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$WORK_DIR"

if [ -z "${SOAK_LOCKED:-}" ]; then
  exec env SOAK_LOCKED=1 WORK_DIR="$WORK_DIR" flock /tmp/roomcast-mvn.lock "$0" "$@"
fi

java -Xmx1g -Dio.netty.leakDetection.level="$LEAK_LEVEL" -jar bootstrap/target/roomcast.jar serve \
  --store=chronicle --data.dir="$WORK_DIR/data" --http.host=127.0.0.1 --http.port="$HTTP_PORT" \
  --tcp.host=127.0.0.1 --tcp.port="$TCP_PORT" --api.keys="$KEY" --token.secret="$SECRET" \
  --poll.limit.address.per.second=0 >"$WORK_DIR/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null || true; [ -n "${CHURN_PID:-}" ] && kill "$CHURN_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/health" >/dev/null && break
  sleep 1
done

sample() {
  echo "seconds,rss_kb,threads,fds,heap_after_gc_kb,direct_bytes" >"$WORK_DIR/samples.csv"
  local start=$SECONDS
  while kill -0 "$PID" 2>/dev/null; do
    jcmd "$PID" GC.run >/dev/null 2>&1 || true
    local rss threads fds heap direct
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
    threads=$(awk '/Threads/ {print $2}' "/proc/$PID/status")
    fds=$(ls "/proc/$PID/fd" | wc -l)
    heap=$(jcmd "$PID" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo "")
    direct=$(curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" | grep -E '^jvm_buffer_memory_used_bytes\{.*id="direct"' \
      | awk '{print $2}' | head -1 || echo "")
    echo "$((SECONDS - start)),$rss,$threads,$fds,$heap,$direct" >>"$WORK_DIR/samples.csv"
    sleep "$SAMPLE_S"
  done
}
sample &
SAMPLER=$!

CHURN_PID=""
if [ "$CHURN" != 0 ]; then
  java -Xmx512m -cp benchmarks/target/benchmarks.jar io.roomcast.benchmarks.load.Churn \
    --server="127.0.0.1:$HTTP_PORT" --tcp="127.0.0.1:$TCP_PORT" --api-key="$KEY" --token-secret="$SECRET" \
    --duration="$DURATION" --rooms="$CHURN_ROOMS" --room-life="$CHURN_LIFE" --stayers="$CHURN_STAYERS" \
    --returners="$CHURN_RETURNERS" --passers-per-second="$CHURN_PASSERS" --rate="$CHURN_RATE" \
    --out="$WORK_DIR/churn.md" --csv="$WORK_DIR/churn.csv" >"$WORK_DIR/churn.out" 2>"$WORK_DIR/churn.err" &
  CHURN_PID=$!
fi

java -Xmx2g -cp benchmarks/target/benchmarks.jar io.roomcast.benchmarks.load.LoadGenerator --scenario=many-rooms \
  --server="127.0.0.1:$HTTP_PORT" --tcp="127.0.0.1:$TCP_PORT" --server-pid="$PID" --api-key="$KEY" \
  --token-secret="$SECRET" --rooms="$ROOMS" --viewers-per-room="$VIEWERS_PER_ROOM" --rate-per-room="$RATE_PER_ROOM" \
  --mix=chat=5,gift=3,biggift=1,pk=1,critical=1 --warmup=10 --duration="$DURATION" --perf-seconds=0 \
  --work-dir="$WORK_DIR/load" --out="$WORK_DIR/load.md" >"$WORK_DIR/load.out" 2>"$WORK_DIR/load.err" || true
CHURN_RC=""
if [ -n "$CHURN_PID" ]; then
  CHURN_RC=0
  wait "$CHURN_PID" || CHURN_RC=$?
fi

# What the heap holds at the end of the load, for a heap that did not stay flat.
jcmd "$PID" GC.class_histogram 2>/dev/null | head -30 >"$WORK_DIR/histogram.txt" || true
kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
kill "$SAMPLER" 2>/dev/null || true

echo "== soak: $DURATION s, $ROOMS rooms x $VIEWERS_PER_ROOM viewers, $RATE_PER_ROOM msg/s per room; $WORK_DIR"
awk -F, 'NR==2 {for (i=2;i<=NF;i++) first[i]=$i} NR>1 {for (i=2;i<=NF;i++) {last[i]=$i; if ($i+0>max[i]) max[i]=$i}}
  NR==1 {for (i=2;i<=NF;i++) name[i]=$i}
  END {for (i=2;i<=6;i++) printf "%-18s first %-12s last %-12s max %s\n", name[i], first[i], last[i], max[i]}' "$WORK_DIR/samples.csv"
echo "heap at the end of the load, top classes: $WORK_DIR/histogram.txt"
echo "LEAK reports in the server log: $(grep -c 'LEAK:' "$WORK_DIR/server.log" || true)"
echo "server log WARN/ERROR lines: $(grep -cE ' (WARN|ERROR) ' "$WORK_DIR/server.log" || true)"
grep -iE 'published|delivered|skipped' "$WORK_DIR/load.md" | head -20 || true
if [ -n "$CHURN_RC" ]; then
  cat "$WORK_DIR/churn.md" 2>/dev/null || { echo "churn: no report (exit $CHURN_RC), see $WORK_DIR/churn.err"; }
  echo "churn exit: $CHURN_RC (0: every viewer that stayed or came back accounted for every message)"
fi
