-- read-latest.lua: the newest messages of every stream of a feed, in one round trip.
--
-- KEYS  the streams of the feed
-- ARGV  1 max messages per stream
-- Returns, per stream: {members skipped as not written by append.lua, up to max members, newest first...}.
local max = tonumber(ARGV[1])
local result = {}
for k, key in ipairs(KEYS) do
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
  result[k] = out
end
return result
