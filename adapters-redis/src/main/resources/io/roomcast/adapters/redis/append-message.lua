-- append-message.lua: append_message(keys, argv) stores one message; append.lua runs it for each
-- message of a batch, in order, inside one script, so Redis runs the batch atomically: a position
-- becomes visible together with every earlier one of its family, and retention, state and
-- idempotency never disagree. Every key it touches is in one slot (the room's hash tag {roomId},
-- or {#platform} for broadcasts and unicast), so it runs on a Redis Cluster as on one Redis.
--
-- keys  1 the stream (sorted set)   2 the family's head (hash: epoch, seq, millis)
--       3 the family's trim floors (hash: stream -> 'millis-seq')
--       then the idempotency key when argv[10] is '1', then live::{roomId}::state when argv[12]
--       is '1', then live::{roomId}::admit when argv[16] is not ''
-- argv  1 the message encoded without a position   2 its createdAt   3 now (the application clock)
--       4 messages kept per stream   5 max age (ms) of every message of this stream, or '' when it
--       depends on each message's category (user and broadcast streams mix categories)
--       6-9 max age (ms) of roomcast.v1.Category 1-4   10 '1' with an idempotency key
--       11 how long idempotency keys are remembered (ms)   12 '1' for a room state message
--       13 its state key   14 its version as an 8-byte big-endian order key
--       15 the bus channel to publish the stored message on ('' = none): live::{roomId}::bus for a
--          room message, live::{#platform}::bus for the others
--       16 the room's budget: '' none, 'c' for a CRITICAL message, 'n' for any other level
--       17 the bucket's capacity   18 tokens this level must leave in it   19 the CRITICAL bucket's
--          capacity ('0': no limit); all from the domain's AdmissionPolicy
--       20 the epoch to give the family's sequence if its head has none (random, from Java: a
--          script cannot draw one)
-- Returns {0, seq, millis, epoch} for a new message, {1, first stored value, epoch} for a
-- remembered key, {2} when the room's budget refused the message (nothing stored).
local function append_message(keys, argv)
  local stream, head_key, trim_key = keys[1], keys[2], keys[3]
  local body, created, now = argv[1], tonumber(argv[2]), tonumber(argv[3])
  local max_count, stream_age = tonumber(argv[4]), tonumber(argv[5])
  local ages = { tonumber(argv[6]), tonumber(argv[7]), tonumber(argv[8]), tonumber(argv[9]) }
  local longest = math.max(ages[1], ages[2], ages[3], ages[4])
  local keyed, key_ttl = argv[10] == '1', tonumber(argv[11])
  local stateful, state_field, version_key = argv[12] == '1', argv[13], argv[14]
  local admission = argv[16]
  local idem_key, state_key, admit_key
  local next_key = 4
  if keyed then
    idem_key = keys[next_key]
    next_key = next_key + 1
  end
  if stateful then
    state_key = keys[next_key]
    next_key = next_key + 1
  end
  if admission ~= '' then
    admit_key = keys[next_key]
  end

  if keyed then
    local first = redis.call('GET', idem_key)
    if first then
      local _, first_millis = position(first)
      -- remembered for the longest retention age by the application's clock, not Redis's
      if first_millis and now - first_millis <= key_ttl then
        return { 1, first, redis.call('HGET', head_key, 'epoch') or '0' }
      end
    end
  end

  -- The room's budget: the domain's RoomBudget (a token bucket refilled at capacity per second;
  -- a level is admitted while the tokens left after it stay above what is kept for the levels above
  -- it; CRITICAL from a bucket of its own, and it still spends a room token), the same arithmetic on
  -- the same doubles, kept in one hash per room so that every node's publishes spend from it. Time is
  -- the message's createdAt from the publishing node's clock; a bucket never refills backwards, so a
  -- node whose clock is behind refills nothing. An absent (expired) hash is a full bucket.
  if admit_key then
    local capacity, reserved, critical_cap = tonumber(argv[17]), tonumber(argv[18]), tonumber(argv[19])
    local held = redis.call('HMGET', admit_key, 't', 'c', 'at')
    local tokens, critical, at = tonumber(held[1]) or capacity, tonumber(held[2]) or critical_cap, tonumber(held[3])
    -- Full again one second after the last message: an expiry of ten leaves room for node clocks that
    -- disagree with Redis's. Set when the hash is new and renewed once a second of the room's time,
    -- not on every message (HSET keeps it).
    local renew = not at or math.floor(created / 1000) > math.floor(at / 1000)
    at = at or created
    if created > at then
      tokens = math.min(capacity, tokens + (created - at) * capacity / 1000.0)
      if critical_cap > 0 then
        critical = math.min(critical_cap, critical + (created - at) * critical_cap / 1000.0)
      end
      at = created
    end
    local admitted
    if admission == 'c' then
      admitted = critical_cap == 0 or critical >= 1 - 1e-9
      if admitted then
        critical = critical - 1
        tokens = math.max(0, tokens - 1)
      end
    else
      admitted = tokens - 1 >= reserved - 1e-9
      if admitted then
        tokens = tokens - 1
      end
    end
    -- %.17g: the doubles read back exactly, so the next call continues the domain's arithmetic
    redis.call('HSET', admit_key, 't', string.format('%.17g', tokens), 'c', string.format('%.17g', critical), 'at', fmt(at))
    if renew then
      redis.call('PEXPIRE', admit_key, 10000)
    end
    if not admitted then
      return { 2 }
    end
  end

  -- The position in the family: seq unique and increasing, millis never going back, both kept in the
  -- family's head with the epoch of its sequence (a head that expired starts a new sequence, under a
  -- new epoch: cursors of the old one reset).
  local head = redis.call('HMGET', head_key, 'epoch', 'seq', 'millis')
  local epoch = head[1] or argv[20]
  local seq = tonumber(head[2] or '0') + 1
  local millis = math.max(created, tonumber(head[3] or '0'))
  redis.call('HSET', head_key, 'epoch', epoch, 'seq', fmt(seq), 'millis', fmt(millis))
  redis.call('PEXPIRE', head_key, fmt(longest))
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
        redis.call('PEXPIRE', trim_key, fmt(longest))
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
  -- byte 2, the epoch as an 8-byte big-endian number, then the member (order key + message with its
  -- position).
  if argv[15] ~= '' then
    redis.call('SPUBLISH', argv[15], string.char(2) .. be64(tonumber(epoch)) .. member)
  end
  return { 0, seq, millis, epoch }
end
