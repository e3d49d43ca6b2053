-- read-since.lua: one poll's reads, every stream of a feed in one round trip.
--
-- KEYS  the streams of the feed, then live::trim
-- ARGV  1 cursor millis   2 cursor seq   3 max messages per stream
-- Returns, per stream: {truncated (1 when more follow), trim floor ('millis-seq' or ''),
-- members skipped as not written by append.lua, position of the last member returned ('millis-seq'
-- or ''), up to max members after the cursor in position order...}.
local streams = #KEYS - 1
local after_millis, after_seq, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])

local function is_after(seq, millis)
  return seq > after_seq or (seq == after_seq and millis > after_millis)
end

local function at_rank(key, rank)
  local hit = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
  return member_position(hit[1], hit[2])
end

-- The first rank in [from, to) holding a message, and its position.
local function message_from(key, from, to)
  for rank = from, to - 1 do
    local seq, millis = at_rank(key, rank)
    if seq then
      return rank, seq, millis
    end
  end
  return nil
end

-- The first rank after the cursor. Ranks follow positions (score = millis, and equal scores sort
-- by the seq order key), so this is a binary search by position, exact however many messages
-- share the cursor's millisecond.
local function first_after(key, size)
  if after_seq == 0 and after_millis == 0 then
    return 0
  end
  local newest_seq, newest_millis = at_rank(key, -1)
  if newest_seq and not is_after(newest_seq, newest_millis) then
    return size -- nothing new: the common poll
  end
  local lo, hi = 0, size
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    local rank, seq, millis = message_from(key, mid, hi)
    if not rank or is_after(seq, millis) then
      hi = mid
    else
      lo = rank + 1
    end
  end
  return lo
end

local floors = redis.call('HMGET', KEYS[streams + 1], unpack(KEYS, 1, streams))
local result = {}
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
  result[k] = out
end
return result
