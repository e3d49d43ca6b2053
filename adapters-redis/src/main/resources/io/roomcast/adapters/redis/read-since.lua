-- read-since.lua: one poll's reads of one family (a room's streams, or the platform's streams of
-- a feed), in one round trip; every key is in the family's slot.
--
-- KEYS  the streams, then the family's trim floors (hash), then its head (hash)
-- ARGV  1 cursor seq   2 cursor epoch ('0': none, matches any)   3 max messages per stream
-- Returns {head epoch ('' when none), head seq, 1 when the cursor's epoch is not the head's (then
-- read from the oldest)}, then per stream: {truncated (1 when more follow), trim floor
-- ('millis-seq' or ''), members skipped as not written by append.lua, position of the last member
-- returned ('millis-seq' or ''), up to max members after the cursor in position order...}.
local streams = #KEYS - 2
local after_seq, after_epoch, max = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local head = redis.call('HMGET', KEYS[streams + 2], 'epoch', 'seq')
local other_epoch = 0
if after_epoch ~= '0' and head[1] and head[1] ~= after_epoch then
  other_epoch = 1
  after_seq = 0
end

local function at_rank(key, rank)
  local hit = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
  return member_position(hit[1], hit[2])
end

-- The first rank in [from, to) holding a message, and its seq.
local function message_from(key, from, to)
  for rank = from, to - 1 do
    local seq = at_rank(key, rank)
    if seq then
      return rank, seq
    end
  end
  return nil
end

-- The first rank after the cursor. Ranks follow positions (score = millis, never going back in a
-- family, and equal scores sort by the seq order key), so this is a binary search by seq, exact
-- however many messages share a millisecond.
local function first_after(key, size)
  if after_seq == 0 then
    return 0
  end
  local newest_seq = at_rank(key, -1)
  if newest_seq and newest_seq <= after_seq then
    return size -- nothing new: the common poll
  end
  local lo, hi = 0, size
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    local rank, seq = message_from(key, mid, hi)
    if not rank or seq > after_seq then
      hi = mid
    else
      lo = rank + 1
    end
  end
  return lo
end

local floors = redis.call('HMGET', KEYS[streams + 1], unpack(KEYS, 1, streams))
local result = { { head[1] or '', tonumber(head[2] or '0'), other_epoch } }
for k = 1, streams do
  local key = KEYS[k]
  local out = { 0, floors[k] or '', 0, '' }
  local size = redis.call('ZCARD', key)
  local rank = size > 0 and first_after(key, size) or 0
  local got, skipped = 0, 0
  while rank < size and out[1] == 0 do
    local batch = redis.call('ZRANGE', key, rank, rank + max - got, 'WITHSCORES')
    for i = 1, #batch, 2 do
      local seq, millis = member_position(batch[i], batch[i + 1])
      if not seq then
        skipped = skipped + 1
      elseif got == max then
        out[1] = 1
        break
      else
        got = got + 1
        out[#out + 1] = batch[i]
        out[4] = fmt(millis) .. '-' .. fmt(seq)
      end
    end
    rank = rank + #batch / 2
  end
  out[3] = skipped
  result[k + 1] = out
end
return result
