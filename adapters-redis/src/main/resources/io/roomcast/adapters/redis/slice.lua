-- slice.lua: closes a slice [from, to) of one family of a room's guest feed and reads it, in one
-- round trip; every key is in the family's slot.
--
-- Closing raises the family's head millis to `to`: append.lua positions a message at
-- max(createdAt, head millis), so nothing stored after this lands in the slice, and the slice reads
-- the same from any node until retention removes some of it.
--
-- KEYS  the streams, then the family's trim floors (hash), then its head (hash)
-- ARGV  1 from (ms)   2 to (ms, exclusive)   3 max messages per stream
--       4 the head's expiry (ms) when this call creates it (a family that has no head yet)
-- Returns {1} when retention removed messages positioned at or after `from` (the slice is gone),
-- else {0, the family's epoch ('' when none)}, then per stream: {truncated (1 when the slice holds more than max), members skipped as
-- not written by append.lua, up to max members in position order...}.
local streams = #KEYS - 2
local from, to, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local head_key = KEYS[streams + 2]

local closed = redis.call('HGET', head_key, 'millis')
if not closed then
  redis.call('HSET', head_key, 'millis', fmt(to))
  redis.call('PEXPIRE', head_key, ARGV[4])
elseif tonumber(closed) < to then
  redis.call('HSET', head_key, 'millis', fmt(to))
end

if streams > 0 then
  local floors = redis.call('HMGET', KEYS[streams + 1], unpack(KEYS, 1, streams))
  for k = 1, streams do
    local floor = floors[k] and tonumber(string.match(floors[k], '^(%d+)-'))
    if floor and floor >= from then
      return { { 1 } }
    end
  end
end

local result = { { 0, redis.call('HGET', head_key, 'epoch') or '' } }
for k = 1, streams do
  local out = { 0, 0 }
  local batch = redis.call('ZRANGEBYSCORE', KEYS[k], from, '(' .. fmt(to), 'WITHSCORES', 'LIMIT', 0, max + 1)
  for i = 1, #batch, 2 do
    if not member_position(batch[i], batch[i + 1]) then
      out[2] = out[2] + 1
    elseif #out - 2 == max then
      out[1] = 1
    else
      out[#out + 1] = batch[i]
    end
  end
  result[k + 1] = out
end
return result
