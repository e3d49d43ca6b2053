#!/usr/bin/env bash
# The Redis ceiling of issue 16: how many appends a second one redis-server takes when it runs the
# store's own append script (stored-value.lua + append.lua, assembled as
# LuaScript does) with nothing in front of it but redis-benchmark, pipelined. Starts its own
# redis-server (no persistence) on a free loopback port, loads the script, runs redis-benchmark
# once per batch size and prints appends/s (EVALSHA calls/s x messages per call). Takes the shared
# build lock itself: do not run it under flock.
#   scripts/redis-ceiling.sh                      batches of 1, 10 and 100, 16 deep, 4 clients
#   BATCHES="1 100" PIPELINE=16 CLIENTS=4 MESSAGES=2000000 scripts/redis-ceiling.sh
#   SHAPE=simple scripts/redis-ceiling.sh         the issue's reference shape instead (INCR + ZADD +
#                                                 ZREMRANGEBYRANK, one message a call)
#   CALL=fcall scripts/redis-ceiling.sh           the same script as a Redis function library (FUNCTION
#                                                 LOAD, FCALL): stored-value.lua's helpers defined once
#                                                 at load, append.lua's body the function (an experiment:
#                                                 the store itself uses EVALSHA)
#   ROOMS=16 scripts/redis-ceiling.sh             each call appends to 16 rooms (an experiment of 2026-12-08:
#                                                 append.lua's body wrapped as a function run once per room
#                                                 by a driver, so the rooms share the call and stored-value.lua's
#                                                 helpers, not append.lua's own per-call set-up); the rooms'
#                                                 streams are filled to their 10,000 before the measured run
# Every call appends to one room's chat stream (one hot room, as StoreAppendBenchmark), no
# idempotency key, no budget, no bus, default retention (10,000 kept, one hour): once the stream
# is full every append also trims one, as in the store. The messages' body is 100 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
LUA=adapters-redis/src/main/resources/io/roomcast/adapters/redis
BATCHES="${BATCHES:-1 10 100}"
PIPELINE="${PIPELINE:-16}"
CLIENTS="${CLIENTS:-4}"
MESSAGES="${MESSAGES:-1000000}"
SHAPE="${SHAPE:-store}"
CALL="${CALL:-evalsha}"
ROOMS="${ROOMS:-1}"
if [ "$ROOMS" -gt 1 ] && { [ "$CALL" = fcall ] || [ "$SHAPE" = simple ]; }; then
  echo "ROOMS above 1 takes the store's script by EVALSHA only (not CALL=fcall, not SHAPE=simple)" >&2
  exit 2
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
exec 9>/tmp/roomcast-mvn.lock
flock 9
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
trap 'kill "$(cat "$work/redis.pid")" 2>/dev/null; rm -rf "$work"' EXIT
cli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }
until cli ping >/dev/null 2>&1; do :; done

if [ "$SHAPE" = simple ]; then
  printf '%s' "local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[2], seq .. ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -10001)
return seq" > "$work/script.lua"
elif [ "$ROOMS" -gt 1 ]; then
  # ARGV 1: the rooms F; 2 .. 2F+1: each room's key and argument counts; then each room's keys and
  # arguments in turn, as append.lua takes them. Replies: one list of append.lua's replies per room.
  { cat "$LUA/stored-value.lua"; echo; echo 'local function append_family(KEYS, ARGV)'; cat "$LUA/append.lua"
    echo; echo 'end'
    echo 'local rooms, k, a, out = tonumber(ARGV[1]), 1, 2 + 2 * tonumber(ARGV[1]), {}
for f = 1, rooms do
  local nk, na, ks, as = tonumber(ARGV[2 * f]), tonumber(ARGV[2 * f + 1]), {}, {}
  for i = 1, nk do ks[i] = KEYS[k + i - 1] end
  for i = 1, na do as[i] = ARGV[a + i - 1] end
  k, a = k + nk, a + na
  out[f] = append_family(ks, as)
end
return out'; } > "$work/script.lua"
else
  { cat "$LUA/stored-value.lua"; echo; cat "$LUA/append.lua"; } > "$work/script.lua"
fi
sha=$(cli -x SCRIPT LOAD < "$work/script.lua")
call=(EVALSHA "$sha")
if [ "$CALL" = fcall ] && [ "$SHAPE" != simple ]; then
  # Redis 7.0 has no string/math while a library loads: the helpers' two locals are filled on the first call.
  { echo '#!lua name=roomcast_ceiling'
    sed 's/^local char, floor = string.char, math.floor$/local char, floor/' "$LUA/stored-value.lua"
    echo; echo "redis.register_function('append', function(KEYS, ARGV)"
    echo 'char, floor = string.char, math.floor'
    cat "$LUA/append.lua"; echo; echo 'end)'; } > "$work/library.lua"
  cli -x FUNCTION LOAD REPLACE < "$work/library.lua" | grep -qx roomcast_ceiling
  call=(FCALL append)
fi

body=$(printf 'x%.0s' $(seq 100))
created=1765000000000
for batch in $BATCHES; do
  [ "$SHAPE" = simple ] && batch=1
  keys=() args=()
  if [ "$SHAPE" = simple ]; then
    keys+=("live::{r1}::chat" "live::{r1}::seq")
    args+=("$body" "$created")
  else
    # append.lua: head, trim floors, budget and state (the head: none), the one stream; then argv:
    # now, kept per stream, the four categories' ages, the longest, budget (2, none), epoch, bus
    # (none), one stream and its age, then per message body, createdAt, stream 1, no budget, no key,
    # not a state message, no version
    family=("$((created + 1))" 10000 3600000 3600000 3600000 3600000 3600000 "" 0 7 "" 1 3600000)
    for _ in $(seq "$batch"); do
      family+=("$body" "$created" 1 "" 0 "" "")
    done
    for r in $(seq "$ROOMS"); do
      keys+=("live::{r$r}::head" "live::{r$r}::trim" "live::{r$r}::head" "live::{r$r}::head" "live::{r$r}::chat")
    done
    if [ "$ROOMS" -gt 1 ]; then
      args+=("$ROOMS")
      for r in $(seq "$ROOMS"); do args+=(5 "${#family[@]}"); done
      for r in $(seq "$ROOMS"); do args+=("${family[@]}"); done
    else
      args+=("${family[@]}")
    fi
  fi
  cli FLUSHALL >/dev/null
  # A multiple of the pipeline's depth: redis-benchmark sends whole pipelines.
  calls=$((MESSAGES / batch / ROOMS / PIPELINE * PIPELINE))
  filled=0
  if [ "$ROOMS" -gt 1 ]; then
    # Every room's stream full first, as the one room's is for nearly all of its run.
    filled=$(( ((10000 + batch - 1) / batch + PIPELINE - 1) / PIPELINE * PIPELINE ))
    redis-benchmark -h 127.0.0.1 -p "$port" -n "$filled" -c "$CLIENTS" -P "$PIPELINE" -q \
      "${call[@]}" "${#keys[@]}" "${keys[@]}" "${args[@]}" >/dev/null
  fi
  rps=$(redis-benchmark -h 127.0.0.1 -p "$port" -n "$calls" -c "$CLIENTS" -P "$PIPELINE" --csv \
    "${call[@]}" "${#keys[@]}" "${keys[@]}" "${args[@]}" | tail -1 | cut -d, -f2 | tr -d '"')
  stored=$(cli ZCARD "live::{r1}::chat")
  if [ "$SHAPE" = simple ]; then
    seq=$(cli GET "live::{r1}::seq")
  else
    seq=$(cli HGET "live::{r1}::head" seq)
  fi
  [ "$seq" -eq "$(((filled + calls) * batch))" ] || { echo "expected $(((filled + calls) * batch)) appends, the head says $seq" >&2; exit 1; }
  if [ "$ROOMS" -gt 1 ]; then
    last=$(cli HGET "live::{r$ROOMS}::head" seq)
    [ "$last" -eq "$seq" ] || { echo "room $ROOMS's head says $last, room 1's $seq" >&2; exit 1; }
  fi
  python3 -c "import sys; r = float(sys.argv[1]); b = int(sys.argv[2]) * int(sys.argv[9]); print(f'shape={sys.argv[3]} call={sys.argv[8]} rooms={sys.argv[9]} batch={sys.argv[2]} a room pipeline={sys.argv[4]} clients={sys.argv[5]}: {r:,.0f} calls/s = {r * b:,.0f} appends/s ({sys.argv[6]} appends a room, {sys.argv[7]} kept)')" \
    "$rps" "$batch" "$SHAPE" "$PIPELINE" "$CLIENTS" "$seq" "$stored" "${call[0]}" "$ROOMS"
  if [ "$SHAPE" = simple ]; then break; fi
done
