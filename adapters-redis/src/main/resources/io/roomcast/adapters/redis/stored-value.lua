-- stored-value.lua: the stored value format, prepended to every roomcast script (one definition).
--
-- A stored value is an 8-byte big-endian order key followed by one encoded roomcast.v1.Message
-- that ends with its position, written by append.lua:
--
--   <order key: 8 bytes> <Message fields ...> [0x38 <varint created_at>] 0x40 <varint cursor_millis> 0x48 <varint cursor_seq>
--
-- In a stream member and an idempotency value the order key is cursor_seq, so that members with
-- equal scores (the same millisecond) sort by sequence; in a state hash value it is the version.
-- Lua numbers are doubles: exact up to 2^53, far beyond any millisecond or sequence number.

local function fmt(n)
  return string.format('%.0f', n)
end

local char, floor = string.char, math.floor

-- The 8-byte big-endian form of a non-negative integer (below 2^53: every number a double holds
-- exactly), in one string.char.
local function be64(n)
  local lo = n % 4294967296
  local hi = (n - lo) / 4294967296
  return char(floor(hi / 16777216) % 256, floor(hi / 65536) % 256, floor(hi / 256) % 256, hi % 256,
    floor(lo / 16777216), floor(lo / 65536) % 256, floor(lo / 256) % 256, lo % 256)
end

local function order_key(s)
  local n = 0
  for i = 1, 8 do
    n = n * 256 + string.byte(s, i)
  end
  return n
end

-- True when the order key of a is larger than the 8-byte key k (compared byte by byte: no locale).
local function order_key_above(a, k)
  if #a < 8 then
    return false
  end
  for i = 1, 8 do
    local x, y = string.byte(a, i), string.byte(k, i)
    if x ~= y then
      return x > y
    end
  end
  return false
end

-- The protobuf base-128 varint of a non-negative integer: up to 8 bytes (below 2^56, every
-- millisecond and sequence number) in one string.char, longer ones a byte at a time.
local function varint(n)
  if n < 128 then
    return char(n)
  end
  local b1 = n % 128
  n = (n - b1) / 128
  if n < 128 then
    return char(b1 + 128, n)
  end
  local b2 = n % 128
  n = (n - b2) / 128
  if n < 128 then
    return char(b1 + 128, b2 + 128, n)
  end
  local b3 = n % 128
  n = (n - b3) / 128
  if n < 128 then
    return char(b1 + 128, b2 + 128, b3 + 128, n)
  end
  local b4 = n % 128
  n = (n - b4) / 128
  if n < 128 then
    return char(b1 + 128, b2 + 128, b3 + 128, b4 + 128, n)
  end
  local b5 = n % 128
  n = (n - b5) / 128
  if n < 128 then
    return char(b1 + 128, b2 + 128, b3 + 128, b4 + 128, b5 + 128, n)
  end
  local b6 = n % 128
  n = (n - b6) / 128
  if n < 128 then
    return char(b1 + 128, b2 + 128, b3 + 128, b4 + 128, b5 + 128, b6 + 128, n)
  end
  local b7 = n % 128
  n = (n - b7) / 128
  if n < 128 then
    return char(b1 + 128, b2 + 128, b3 + 128, b4 + 128, b5 + 128, b6 + 128, b7 + 128, n)
  end
  local s = char(b1 + 128, b2 + 128, b3 + 128, b4 + 128, b5 + 128, b6 + 128, b7 + 128)
  repeat
    local low = n % 128
    n = (n - low) / 128
    s = s .. char(n > 0 and low + 128 or low)
  until n == 0
  return s
end

-- The varint starting at byte i, and the index after it; nil when there is none.
local function varint_at(s, i)
  local n, scale = 0, 1
  for j = i, math.min(#s, i + 9) do
    local b = string.byte(s, j)
    n = n + (b % 128) * scale
    if b < 128 then
      return n, j + 1
    end
    scale = scale * 128
  end
  return nil
end

-- The varint whose last byte is at e, read backwards, and the index of the byte before it (the
-- field's tag); nil when no varint ends there. Never reads into the order key.
local function varint_ending(s, e)
  if e <= 9 or string.byte(s, e) >= 128 then
    return nil
  end
  local first = e
  while first > 10 and e - first < 9 and string.byte(s, first - 1) >= 128 do
    first = first - 1
  end
  local n = 0
  for i = e, first, -1 do
    n = n * 128 + string.byte(s, i) % 128
  end
  return n, first - 1
end

-- seq, millis from the trailing cursor fields of any stored value; nil when it has none.
local function trailing_position(s)
  if not s or #s < 12 then
    return nil
  end
  local seq, t = varint_ending(s, #s)
  if not seq or string.byte(s, t) ~= 72 then
    return nil
  end
  local millis, u = varint_ending(s, t - 1)
  if not millis or string.byte(s, u) ~= 64 then
    return nil
  end
  return seq, millis
end

-- seq, millis of a stream member or idempotency value; nil for anything append.lua did not write.
local function position(s)
  local seq, millis = trailing_position(s)
  if not seq or order_key(s) ~= seq then
    return nil
  end
  return seq, millis
end

-- seq, millis of a stream member at its score; nil unless append.lua wrote it (the trailing position
-- agrees with both the order key and the score), so rank order stays position order.
local function member_position(member, score)
  local seq, millis = position(member)
  if seq and tonumber(score) == millis then
    return seq, millis
  end
  return nil
end

-- The category number (field 4, roomcast.v1.Category) of a stored value; nil when unreadable.
local function category(s)
  local i = 9
  while i <= #s do
    local tag, after_tag = varint_at(s, i)
    if not tag then
      return nil
    end
    local field, wire = math.floor(tag / 8), tag % 8
    i = after_tag
    if wire == 0 then
      local value, after = varint_at(s, i)
      if not value then
        return nil
      end
      if field == 4 then
        return value
      end
      i = after
    elseif wire == 2 then
      local length, after = varint_at(s, i)
      if not length then
        return nil
      end
      i = after + length
    elseif wire == 1 then
      i = i + 8
    elseif wire == 5 then
      i = i + 4
    else
      return nil
    end
  end
  return nil
end

