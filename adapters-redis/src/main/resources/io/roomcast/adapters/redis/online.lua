-- online.lua: one node's viewer count of a room, and the room's count on every node.
--
-- KEYS  1 live::{roomId}::online (hash: node id -> "count:expiresAt", expiresAt in Redis's own
--         milliseconds)
-- ARGV  1 this node's id   2 its count of the room's viewers now (0 removes its field)
--       3 how long its count holds without being sent again (ms)
-- Returns {sum} of the counts not expired, this node's included. Time is Redis's (TIME), not the
-- nodes': a node that stops sending (killed, cut off) drops out when its last count expires,
-- whatever the other nodes' clocks say. Fields of expired counts are removed on the way.
local key, node, count, hold = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if count > 0 then
  redis.call('HSET', key, node, fmt(count) .. ':' .. fmt(now + hold))
else
  redis.call('HDEL', key, node)
end
local fields = redis.call('HGETALL', key)
local sum, left = 0, 0
for i = 1, #fields, 2 do
  local n, expires = string.match(fields[i + 1], '^(%d+):(%d+)$')
  if n and tonumber(expires) >= now then
    sum = sum + tonumber(n)
    left = left + 1
  else
    redis.call('HDEL', key, fields[i])
  end
end
if left > 0 then
  redis.call('PEXPIRE', key, fmt(hold))
end
return { sum }
