-- append.lua: stores a batch of one family's messages (one message is a batch of one), in order,
-- each as append_message (append-message.lua) stores it, in one script: Redis runs the whole batch
-- atomically, so an idempotency key or a room budget spent by a message is seen by the next one
-- exactly as by a later script. Every key is in the family's slot.
--
-- KEYS  each message's keys in turn, as append_message takes them (3 to 6: how many follows from
--       its argv 10, 12 and 16)
-- ARGV  each message's 20 arguments in turn, as append_message takes them
-- Returns one reply per message, in order, as append_message returns it. When storing a message
-- fails (a Redis error: a key of the wrong type, out of memory), the batch stops there: its reply
-- is {3, the error} and is the last; the messages before it are stored (or refused) as replied,
-- none after it is looked at. Redis does not undo a script's writes: what the failing message
-- wrote before the error stays, as when a one-message append.lua failed.
local PER_MESSAGE = 20
local replies = {}
local k = 1
for a = 1, #ARGV, PER_MESSAGE do
  local argv = { unpack(ARGV, a, a + PER_MESSAGE - 1) }
  local count = 3 + (argv[10] == '1' and 1 or 0) + (argv[12] == '1' and 1 or 0) + (argv[16] ~= '' and 1 or 0)
  local ok, reply = pcall(append_message, { unpack(KEYS, k, k + count - 1) }, argv)
  if not ok then
    -- Redis 7 raises a script error as a string, older ones as a table {err = ...}
    replies[#replies + 1] = { 3, type(reply) == 'table' and tostring(reply.err) or tostring(reply) }
    return replies
  end
  replies[#replies + 1] = reply
  k = k + count
end
return replies
