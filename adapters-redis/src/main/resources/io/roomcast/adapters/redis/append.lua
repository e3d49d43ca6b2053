-- append.lua: stores one message. One script, so Redis runs it atomically: a position becomes
-- visible together with every earlier one, and retention, state and idempotency never disagree.
--
-- KEYS  1 the stream (sorted set)   2 live::seq   3 live::clock   4 live::trim
--       then live::idem::{key} when ARGV[10] is '1', then live::{roomId}::state when ARGV[12] is '1'
-- ARGV  1 the message encoded without a position   2 its createdAt   3 now (the application clock)
--       4 messages kept per stream   5 max age (ms) of every message of this stream, or '' when it
--       depends on each message's category (user and broadcast streams mix categories)
--       6-9 max age (ms) of roomcast.v1.Category 1-4   10 '1' with an idempotency key
--       11 how long idempotency keys are remembered (ms)   12 '1' for a room state message
--       13 its state key   14 its version as an 8-byte big-endian order key
--       15 the bus channel to publish the stored message on ('' = none): live::{roomId}::bus for a
--          room message, live::{#platform}::bus for the others
-- Returns {0, seq, millis} for a new message, {1, first stored value} for a remembered key.
local stream, seq_key, clock_key, trim_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local body, created, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local max_count, stream_age = tonumber(ARGV[4]), tonumber(ARGV[5])
local ages = { tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]) }
local longest = math.max(ages[1], ages[2], ages[3], ages[4])
local keyed, key_ttl = ARGV[10] == '1', tonumber(ARGV[11])
local stateful, state_field, version_key = ARGV[12] == '1', ARGV[13], ARGV[14]
local idem_key, state_key
local next_key = 5
if keyed then
  idem_key = KEYS[next_key]
  next_key = next_key + 1
end
if stateful then
  state_key = KEYS[next_key]
end

if keyed then
  local first = redis.call('GET', idem_key)
  if first then
    local _, first_millis = position(first)
    -- remembered for the longest retention age by the application's clock, not Redis's
    if first_millis and now - first_millis <= key_ttl then
      return { 1, first }
    end
  end
end

-- The position: seq unique and increasing, millis never going back (live::clock keeps the last).
local seq = redis.call('INCR', seq_key)
local millis = math.max(created, tonumber(redis.call('GET', clock_key) or '0'))
redis.call('SET', clock_key, fmt(millis))
local stored = body
if millis ~= created then
  stored = stored .. string.char(56) .. varint(millis) -- created_at (field 7) raised to the position
end
stored = stored .. string.char(64) .. varint(millis) .. string.char(72) .. varint(seq) -- fields 8, 9
local member = be64(seq) .. stored
redis.call('ZADD', stream, millis, member)

-- Retention on write: the oldest go while the stream holds too many or they are too old. Ranks
-- follow positions, so both rules cut a prefix of ranks [0, cut).
local cut = math.max(0, redis.call('ZCARD', stream) - max_count)
if stream_age then
  cut = math.max(cut, redis.call('ZCOUNT', stream, '-inf', '(' .. fmt(now - stream_age)))
else
  -- categories mixed in one stream: walk from the oldest kept, each by its own category's age
  local fresh = false
  while not fresh do
    local batch = redis.call('ZRANGE', stream, cut, cut + 63, 'WITHSCORES')
    if #batch == 0 then
      break
    end
    for i = 1, #batch, 2 do
      local age = ages[category(batch[i]) or 0] or longest
      if now - tonumber(batch[i + 1]) > age then
        cut = cut + 1
      else
        fresh = true
        break
      end
    end
  end
end
if cut > 0 then
  -- the newest removed position is the stream's trim floor: readers from before it hear of a gap
  for rank = cut - 1, math.max(0, cut - 64), -1 do
    local hit = redis.call('ZRANGE', stream, rank, rank, 'WITHSCORES')
    local s, m = member_position(hit[1], hit[2])
    if s then
      redis.call('HSET', trim_key, stream, fmt(m) .. '-' .. fmt(s))
      break
    end
  end
  redis.call('ZREMRANGEBYRANK', stream, 0, cut - 1)
end

-- A stream nobody writes to any more holds only messages that age out: let Redis drop the key
-- once the newest of them is past the longest age, so ended rooms do not stay forever.
redis.call('PEXPIRE', stream, fmt(stream_age or longest))

if stateful then
  local old = redis.call('HGET', state_key, state_field)
  -- a newer version stays; anything append.lua did not write is replaced
  if not trailing_position(old) or not order_key_above(old, version_key) then
    redis.call('HSET', state_key, state_field, version_key .. stored)
  end
  redis.call('PEXPIRE', state_key, fmt(longest))
end

if keyed then
  redis.call('SET', idem_key, member, 'PX', fmt(math.max(1, millis + key_ttl - now)))
end

-- The cluster bus: in the same script as the store, so every subscriber gets the messages of its
-- channels in position order and nothing stored is missing from the sorted sets. Payload: format
-- byte 1, then the member (order key + message with its position).
if ARGV[15] ~= '' then
  redis.call('SPUBLISH', ARGV[15], string.char(1) .. member)
end
return { 0, seq, millis }
