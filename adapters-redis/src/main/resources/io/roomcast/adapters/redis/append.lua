-- append.lua: stores a batch of one family's messages (one message is a batch of one), in order, in
-- one script: Redis runs the batch atomically, so a position becomes visible together with every
-- earlier one of its family, an idempotency key or a room budget spent by a message is seen by the
-- next one exactly as by a later script, and retention, state and idempotency never disagree. Every
-- key is in the family's slot (the room's hash tag {roomId}, or {#platform} for broadcasts and
-- unicast), so it runs on a Redis Cluster as on one Redis.
--
-- Message by message, in order: its idempotency key, the room's budget, its position, its state
-- version. Once per batch: the head and the budget are read once and written once; the stored
-- messages of one stream that follow each other (a run) go in one ZADD, then their idempotency keys,
-- state values and bus publishes; retention, trim floors and expiries once per stream after every add
-- (ranks follow positions, so cutting after the adds keeps what cutting after each add would).
--
-- KEYS  1 the family's head (hash: epoch, seq, millis, x)   2 its trim floors (hash: stream ->
--       'millis-seq')   3 the room's budget live::{roomId}::admit (the head again when the batch has
--       no budget)   4 the room's state hash (the head again when the batch has no state message)
--       5 .. 4+S the batch's S streams (sorted sets), then its idempotency keys
-- ARGV  1 now (the application clock)   2 messages kept per stream   3-6 max age (ms) of
--       roomcast.v1.Category 1-4   7 the longest of them (also how long idempotency keys are
--       remembered)   8 the budget's capacity ('' no budget)   9 the CRITICAL bucket's capacity ('0':
--       no limit)   10 the epoch to give the family's sequence if its head has none (random, from
--       Java: a script cannot draw one)   11 the bus channel to publish each stored message on
--       ('' none)   12 S   13 .. 12+S each stream's max age ('' when it depends on each message's
--       category: user and broadcast streams mix categories)
--       then 7 per message: 1 the message encoded without a position   2 its createdAt   3 its
--       stream (1 .. S)   4 its budget: '' none, 'c' for a CRITICAL message, else the tokens its
--       level must leave in the bucket (AdmissionPolicy)   5 its idempotency key (1-based among the
--       keys after the streams; '0' none)   6 its state key ('' when not a state message)   7 its
--       version as an 8-byte big-endian order key
-- Returns one reply per message, in order: {0, seq, millis, epoch} for a new message, {1, first
-- stored value, epoch} for a remembered key, {2} when the room's budget refused it (nothing stored).
-- When storing a message fails (a Redis error: a key of the wrong type, out of memory), the batch
-- stops there: its reply is {3, the error} and is the last; the messages before it are stored (or
-- refused) as replied, none after it is stored, and it and the ones after it spend no budget and take
-- no position. Redis does not undo a script's writes: a stream whose retention fails after its adds
-- keeps them, reported as failed (as a publish that timed out may be stored).
local PER_MESSAGE, RUN_MAX = 7, 256
local head_key, trim_key, admit_key, state_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, max_count = tonumber(ARGV[1]), tonumber(ARGV[2])
local longest = tonumber(ARGV[7])
local capacity, critical_cap = tonumber(ARGV[8]), tonumber(ARGV[9])
local bus = ARGV[11]
local streams = tonumber(ARGV[12])
local first_arg = 13 + streams
local count = (#ARGV - first_arg + 1) / PER_MESSAGE

-- The family's head, read on first use: the position of its newest message (seq unique and
-- increasing, millis never going back) under the epoch of its sequence (a head that expired starts a
-- new sequence under a new epoch: cursors of the old one reset), and x, the second of the application
-- clock its expiry (and the trim floors') was last renewed in: once a second, not every batch.
local loaded, epoch, seq, millis, renewed, first_seq
local function load()
  if not loaded then
    local head = redis.call('HMGET', head_key, 'epoch', 'seq', 'millis', 'x')
    epoch, seq, millis, renewed = head[1], tonumber(head[2] or '0'), tonumber(head[3] or '0'), head[4]
    first_seq, loaded = seq, true
  end
end

-- Idempotency keys stored by this batch (key -> member), state values as this batch leaves them
-- (tables made when first needed: most batches need neither).
local seen, states
local state_touched = false

local function remembered(key)
  local first = seen and seen[key]
  if first then
    return first
  end
  first = redis.call('GET', key)
  if first then
    local _, first_millis = position(first)
    -- remembered for the longest retention age by the application's clock, not Redis's
    if first_millis and now - first_millis <= longest then
      return first
    end
  end
  return nil
end

local function state_value(field)
  states = states or {}
  local value = states[field]
  if value == nil then
    value = redis.call('HGET', state_key, field)
    states[field] = value
  end
  return value
end

-- The room's budget: the domain's RoomBudget (a token bucket refilled at capacity per second; a level
-- is admitted while the tokens left after it stay above what is kept for the levels above it;
-- CRITICAL from a bucket of its own, and it still spends a room token), the same arithmetic on the
-- same doubles, kept in one hash per room so that every node's publishes spend from it, read once and
-- written once per batch (%.17g: the doubles read back exactly, so the next batch continues the
-- domain's arithmetic). Time is the message's createdAt from the publishing node's clock; a bucket
-- never refills backwards, so a node whose clock is behind refills nothing. An absent (expired) hash
-- is a full bucket.
local tokens, critical, at, budget_renew, budget_dirty, budget_loaded
local function spend(level, created)
  if not budget_loaded then
    local held = redis.call('HMGET', admit_key, 't', 'c', 'at')
    tokens, critical, at = tonumber(held[1]) or capacity, tonumber(held[2]) or critical_cap, tonumber(held[3])
    budget_loaded = true
  end
  -- Full again one second after the last message: an expiry of ten leaves room for node clocks that
  -- disagree with Redis's. Set when the hash is new and renewed once a second of the room's time.
  if not at or floor(created / 1000) > floor(at / 1000) then
    budget_renew = true
  end
  at = at or created
  if created > at then
    tokens = math.min(capacity, tokens + (created - at) * capacity / 1000.0)
    if critical_cap > 0 then
      critical = math.min(critical_cap, critical + (created - at) * critical_cap / 1000.0)
    end
    at = created
  end
  budget_dirty = true
  if level == 'c' then
    if critical_cap == 0 or critical >= 1 - 1e-9 then
      critical = critical - 1
      tokens = math.max(0, tokens - 1)
      return true
    end
  elseif tokens - 1 >= tonumber(level) - 1e-9 then
    tokens = tokens - 1
    return true
  end
  return false
end

-- The pending run: stored messages of one stream that follow each other, not written yet; what the
-- family's position and budget were before it, so that a run that fails leaves neither moved.
local run
-- The first message stored in each stream written to, by stream.
local first_in = {}

-- Stores message i at the family's next position; returns its seq, millis and, when wanted, the
-- message with its position (the stream member without its order key).
local last_millis, last_millis_varint
-- A write of the pending run's after its ZADD (idempotency keys, state values, publishes), in order.
local function later(op)
  local ops = run.ops
  if not ops then
    ops = {}
    run.ops = ops
  end
  ops[#ops + 1] = op
end
local back -- the position and budget before the message being stepped, while no run is pending
local function store(i, s, body, created, idem_key, want_stored)
  if not run then
    run = { stream = s, first = i, zadd = {}, back = back }
  end
  epoch = epoch or ARGV[10]
  seq = seq + 1
  local raised = ''
  if created < millis then
    raised = '\56' -- created_at (field 7) raised to the position
  else
    millis = created
  end
  if millis ~= last_millis then
    last_millis, last_millis_varint = millis, varint(millis)
  end
  local v = last_millis_varint
  if raised ~= '' then
    raised = raised .. v
  end
  local order = be64(seq)
  local seq_varint = varint(seq)
  local member = order .. body .. raised .. '\64' .. v .. '\72' .. seq_varint -- fields 8, 9
  local z = run.zadd
  z[#z + 1] = millis
  z[#z + 1] = member
  if idem_key then
    seen = seen or {}
    seen[idem_key] = member
    later({ 'SET', idem_key, member, 'PX', fmt(math.max(1, millis + longest - now)) })
  end
  -- The cluster bus: in the same script as the store, so every subscriber gets the messages of its
  -- channels in position order and nothing stored is missing from the sorted sets. Payload: format
  -- byte 2, the epoch as an 8-byte big-endian number, then the member.
  if bus ~= '' then
    later({ 'SPUBLISH', bus, '\2' .. be64(tonumber(epoch)) .. member })
  end
  if want_stored then
    return seq, millis, body .. raised .. '\64' .. v .. '\72' .. seq_varint
  end
  return seq, millis
end

local function write(r)
  redis.call('ZADD', KEYS[4 + r.stream], unpack(r.zadd))
  local ops = r.ops
  if ops then
    for o = 1, #ops do
      redis.call(unpack(ops[o]))
    end
  end
end

-- Writes the pending run unless the next message (of stream s; nil at the end) continues it.
-- Returns nil, or the index of the failing message and the error.
local function flush_unless(s)
  if not run or (s and run.stream == s and #run.zadd < 2 * RUN_MAX) then
    return nil
  end
  local r = run
  run = nil
  local ok, err = pcall(write, r)
  if not ok then
    epoch, seq, millis, tokens, critical, at, budget_renew, budget_dirty = unpack(r.back, 1, 8)
    return r.first, err
  end
  if not first_in[r.stream] then
    first_in[r.stream] = r.first
  end
  return nil
end

-- One message, in order: the reads that may fail come before anything it changes.
local function step(i)
  local a = first_arg + (i - 1) * PER_MESSAGE
  local keyed, field = tonumber(ARGV[a + 4]), ARGV[a + 5]
  load()
  if not run then
    back = { epoch, seq, millis, tokens, critical, at, budget_renew, budget_dirty }
  end
  local idem_key
  if keyed > 0 then
    idem_key = KEYS[4 + streams + keyed]
    local first = remembered(idem_key)
    if first then
      return { 1, first, epoch or '0' }
    end
  end
  local old_state
  if field ~= '' then
    old_state = state_value(field)
  end
  local created, level = tonumber(ARGV[a + 1]), ARGV[a + 3]
  if level ~= '' and not spend(level, created) then
    return { 2 }
  end
  local s, m, stored = store(i, tonumber(ARGV[a + 2]), ARGV[a], created, idem_key, field ~= '')
  if field ~= '' then
    local version = ARGV[a + 6]
    -- a newer version stays; anything append.lua did not write is replaced
    if not trailing_position(old_state) or not order_key_above(old_state, version) then
      states[field] = version .. stored
      later({ 'HSET', state_key, field, states[field] })
    end
    state_touched = true
  end
  return { 0, s, m, epoch }
end

-- Retention on write, once per stream: the oldest go while the stream holds too many or they are too
-- old. Ranks follow positions, so both rules cut a prefix of ranks [0, cut). Returns the trim floor
-- ('millis-seq' of the newest removed message; nil when nothing was cut or none of the removed is ours).
local function retain(stream, stream_age)
  local cut = math.max(0, redis.call('ZCARD', stream) - max_count)
  local below, below_score -- the member just below the cut, when known
  if stream_age then
    -- the oldest kept (and the one below it): only when it is too old are the old ones counted
    local edge = redis.call('ZRANGE', stream, math.max(0, cut - 1), cut, 'WITHSCORES')
    local oldest = edge[2]
    if cut > 0 then
      below, below_score, oldest = edge[1], edge[2], edge[4]
    end
    if oldest and now - tonumber(oldest) > stream_age then
      cut = math.max(cut, redis.call('ZCOUNT', stream, '-inf', '(' .. fmt(now - stream_age)))
      below = nil
    end
  else
    -- categories mixed in one stream: walk from the oldest kept, each by its own category's age
    local fresh = false
    while not fresh do
      local page = redis.call('ZRANGE', stream, cut, cut + 63, 'WITHSCORES')
      if #page == 0 then
        break
      end
      for p = 1, #page, 2 do
        local c = category(page[p])
        local age = c and c >= 1 and c <= 4 and tonumber(ARGV[2 + c]) or longest
        if now - tonumber(page[p + 1]) > age then
          cut = cut + 1
        else
          fresh = true
          break
        end
      end
    end
  end
  if cut == 0 then
    return nil
  end
  -- the newest removed position is the stream's trim floor: readers from before it hear of a gap
  local floor_at
  local fs, fm = member_position(below, below_score)
  if fs then
    floor_at = fmt(fm) .. '-' .. fmt(fs)
  else
    for rank = cut - 1, math.max(0, cut - 64), -1 do
      local hit = redis.call('ZRANGE', stream, rank, rank, 'WITHSCORES')
      fs, fm = member_position(hit[1], hit[2])
      if fs then
        floor_at = fmt(fm) .. '-' .. fmt(fs)
        break
      end
    end
  end
  redis.call('ZREMRANGEBYRANK', stream, 0, cut - 1)
  return floor_at
end

local replies = {}
local failed_at, failure
local function fail(i, err)
  if not failed_at or i < failed_at then
    failed_at, failure = i, err
  end
end

for i = 1, count do
  local at_fail, err = flush_unless(tonumber(ARGV[first_arg + (i - 1) * PER_MESSAGE + 2]))
  if at_fail then
    fail(at_fail, err)
    break
  end
  local ok, reply = pcall(step, i)
  if not ok then
    fail(i, reply)
    break
  end
  replies[i] = reply
end
local at_fail, err = flush_unless(nil)
if at_fail then
  fail(at_fail, err)
end

-- What the batch changed, written once.
if budget_dirty then
  redis.call('HSET', admit_key, 't', string.format('%.17g', tokens), 'c', string.format('%.17g', critical), 'at', fmt(at))
  if budget_renew then
    redis.call('PEXPIRE', admit_key, 10000)
  end
end
local second = fmt(floor(now / 1000))
local renew = renewed ~= second
if loaded and seq ~= first_seq then
  -- Renewed a second late at most: the expiries are a second longer than the longest age, so a
  -- family's head and trim floors never go before its newest message is past every age.
  if renew then
    redis.call('HSET', head_key, 'epoch', epoch, 'seq', fmt(seq), 'millis', fmt(millis), 'x', second)
    redis.call('PEXPIRE', head_key, fmt(longest + 1000))
  else
    redis.call('HSET', head_key, 'epoch', epoch, 'seq', fmt(seq), 'millis', fmt(millis))
  end
end
local floors, first_floor
for s = 1, streams do
  local first = first_in[s]
  if first then
    local stream, stream_age = KEYS[4 + s], tonumber(ARGV[12 + s])
    local ok, floor_at = pcall(retain, stream, stream_age)
    if not ok then
      fail(first, floor_at)
    else
      if floor_at then
        floors = floors or {}
        floors[#floors + 1] = stream
        floors[#floors + 1] = floor_at
        first_floor = math.min(first_floor or first, first)
      end
      -- A stream nobody writes to any more holds only messages that age out: let Redis drop the key
      -- once the newest of them is past its age, so ended rooms do not stay forever.
      redis.call('PEXPIRE', stream, fmt(stream_age or longest))
    end
  end
end
if floors then
  local ok, added = pcall(redis.call, 'HSET', trim_key, unpack(floors))
  if not ok then
    fail(first_floor, added)
  elseif renew or added > 0 then
    redis.call('PEXPIRE', trim_key, fmt(longest + 1000))
  end
end
if state_touched then
  redis.call('PEXPIRE', state_key, fmt(longest))
end

if failed_at then
  local done = {}
  for i = 1, failed_at - 1 do
    done[i] = replies[i]
  end
  -- Redis 7 raises a script error as a string, older ones as a table {err = ...}
  done[failed_at] = { 3, type(failure) == 'table' and tostring(failure.err) or tostring(failure) }
  return done
end
return replies
