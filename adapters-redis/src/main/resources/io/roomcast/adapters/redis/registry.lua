-- registry.lua: one heartbeat of one node on the node registry (a hash), judged by Redis's clock.
--
-- KEYS[1]  live::{#cluster}::nodes   field: node id, value: '<expires at, epoch ms> <entry JSON>'
-- ARGV[1]  the node's id
-- ARGV[2]  its entry JSON
-- ARGV[3]  how long the entry lives, ms
-- ARGV[4]  '1': remove the node's entry instead of writing it
--
-- Writes (or removes) the node's entry, removes every entry past its expiry by Redis TIME (so the
-- nodes' own clocks never decide who is alive), and returns the values of the live entries. The
-- hash itself expires ten lifetimes after the last heartbeat of any node.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
if ARGV[4] == '1' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], fmt(now + ttl) .. ' ' .. ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl * 10)
end
local all, live = redis.call('HGETALL', KEYS[1]), {}
for i = 1, #all, 2 do
  local expires = tonumber(string.match(all[i + 1], '^(%d+) '))
  if expires == nil or expires < now then
    redis.call('HDEL', KEYS[1], all[i])
  else
    live[#live + 1] = all[i + 1]
  end
end
return live
