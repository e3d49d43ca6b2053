-- read-latest.lua: the newest messages of one family's streams of a feed, in one round trip; every
-- key is in the family's slot.
--
-- KEYS  the streams, then the family's head (hash)
-- ARGV  1 max messages per stream
-- Returns {head epoch ('' when none), head seq}, then per stream: {members skipped as not written
-- by append.lua, up to max members, newest first...}.
local max = tonumber(ARGV[1])
local streams = #KEYS - 1
local head = redis.call('HMGET', KEYS[streams + 1], 'epoch', 'seq')
local result = { { head[1] or '', tonumber(head[2] or '0') } }
for k = 1, streams do
  local key = KEYS[k]
  local out = { 0 }
  local rank, got = 0, 0
  while got < max do
    local batch = redis.call('ZREVRANGE', key, rank, rank + max - got - 1, 'WITHSCORES')
    if #batch == 0 then
      break
    end
    for i = 1, #batch, 2 do
      if member_position(batch[i], batch[i + 1]) then
        got = got + 1
        out[#out + 1] = batch[i]
      else
        out[1] = out[1] + 1
      end
    end
    rank = rank + #batch / 2
  end
  result[k + 1] = out
end
return result
