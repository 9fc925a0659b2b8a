-- quantaflow admit v1: catch-up, admission and all-or-nothing over several keys, in one
-- atomic execution. Implements SPEC.md "Admission" exactly; RedisStore builds the Decisions
-- from what this returns with the same core code as the in-memory store.
--
-- KEYS[i]   state hash of request i: fields a = anchorTick, b = bankTokens, c = carryUnits,
--           l = the limit it was made under ("q:planUnits:burst:tickMicros"); a state made
--           under another limit starts afresh, as in the in-memory store. In Redis Cluster
--           all keys of one call are in one slot. A key named twice is decided once, for
--           the sum of its hits, under its first limit.
-- ARGV[1]   "T": the time is Redis TIME (production). "I", TESTS ONLY: each request
--           carries its own injected tick and phase (see below), |tick| < 2^51.
-- ARGV[2]   ttlSlackMillis >= 0: how long a full state is kept; ignored with injected time
--           (no TTL then, since Redis expires keys on its own clock).
-- ARGV[2+s(i-1)+1..s]  request i, stride s = 5 ("T") or 7 ("I"): q, planUnits,
--           burstTokens, tickMicros, hits[, tick, phaseNanos].
--           RedisStore checks: 2 <= q < 2^31, 0 <= planUnits <= 2^20 q, 1 <= burst < 2^31,
--           1 <= tickMicros <= 86400000000, 0 <= hits <= burst + 1 (more is capped: it is
--           denied all the same).
-- Returns   { allowed (1 or 0), then per request: nowTick, phaseNanos, bankTokens,
--           carryUnits } with bank and carry after the catch-up and before this call's
--           consumption, anchorTick == nowTick, and phaseNanos = now - nowTick * tickNanos.
--
-- Exactness. Lua numbers are doubles: integers are exact up to 2^53. Every value below is
-- an integer under 2^53 (bounds from the checks above):
--   micros from TIME = sec * 10^6 + usec < 2^53 until the year 2255; ticks likewise, and
--   k = now - anchor < 2^53 (injected ticks are limited to |tick| < 2^51, so k < 2^52).
--   floordiv/mod use math.fmod, which is exact for doubles, so (a - m) / b is exact.
--   planUnits x = w q + f with w <= 2^20, f < q < 2^31; k = a q + r with r < q.
--   Tokens over k ticks: k w + a f + floor((E + r f) / q), E = carry < q.
--   r f may reach q^2 ~ 2^62, so it is split: f = fh 2^16 + fl (fh < 2^15, fl < 2^16),
--   r fh = qa q + ra  (r fh < 2^46), then E + r f = (qa 2^16) q + R with
--   R = ra 2^16 + r fl + E < 2^47 + 2^47 + 2^31 < 2^49;
--   floor((E + r f) / q) = qa 2^16 + floor(R / q) and (E + r f) mod q = R mod q.
--   The sum k w + ... is only formed when it cannot exceed 2^53: with w >= 1 and k >= need
--   the bank is full anyway (k w >= need); otherwise k < need < 2^31 so k w < 2^51, and
--   a f <= k f / q < 2^52 (w = 0 case) or < 2^31, floor(...) < 2^31.
--   Numbers written to Redis go through %.0f, never the 14-digit %g of tostring.
--   The TTL is an upper bound computed in doubles with a relative margin; it is never used
--   for a decision.

if redis.replicate_commands then
  redis.replicate_commands()
end

local function floordiv(a, b)
  local m = math.fmod(a, b)
  if m < 0 then
    m = m + b
  end
  return (a - m) / b, m
end

-- (E + r f) divided by q: quotient and remainder, exact (see the split above).
local function carry_step(q, carry, r, f)
  local fh, fl = floordiv(f, 65536)
  local qa, ra = floordiv(r * fh, q)
  local hi, rem = floordiv(ra * 65536 + r * fl + carry, q)
  return qa * 65536 + hi, rem
end

local injected = ARGV[1] == 'I'
local stride = injected and 7 or 5
local now_micros = 0
if not injected then
  local time = redis.call('TIME')
  now_micros = tonumber(time[1]) * 1000000 + tonumber(time[2])
end
local ttl_slack_millis = tonumber(ARGV[2])

local states = {}
local order = {}
local reply = { 1 }

-- Step 1: read and catch up every distinct key once; add up the hits per key.
for i = 1, #KEYS do
  local base = 2 + stride * (i - 1)
  local key = KEYS[i]
  local hits = tonumber(ARGV[base + 5])
  local s = states[key]
  if s == nil then
    local q = tonumber(ARGV[base + 1])
    local plan = tonumber(ARGV[base + 2])
    local burst = tonumber(ARGV[base + 3])
    local tick_micros = tonumber(ARGV[base + 4])
    local now_tick, phase
    if injected then
      now_tick = tonumber(ARGV[base + 6])
      phase = tonumber(ARGV[base + 7])
    else
      local phase_micros
      now_tick, phase_micros = floordiv(now_micros, tick_micros)
      phase = phase_micros * 1000
    end
    s = { q = q, plan = plan, burst = burst, tick_micros = tick_micros, hits = 0,
          tick = now_tick, phase = phase }
    s.limit = ARGV[base + 1] .. ':' .. ARGV[base + 2] .. ':' .. ARGV[base + 3] .. ':'
        .. ARGV[base + 4]
    local stored = redis.call('HMGET', key, 'a', 'b', 'c', 'l')
    if stored[1] == false or stored[4] ~= s.limit then
      -- A new key starts full; a zero plan admits nothing, ever.
      s.bank = plan > 0 and burst or 0
      s.carry = 0
    else
      local anchor = tonumber(stored[1])
      local bank = tonumber(stored[2])
      local carry = tonumber(stored[3])
      local k = now_tick - anchor
      if k > 0 and plan > 0 then
        local w, f = floordiv(plan, q)
        local need = burst - bank
        local a, r = floordiv(k, q)
        local hi, new_carry = carry_step(q, carry, r, f)
        if w >= 1 and k >= need then
          bank = burst
        else
          local tokens = k * w + a * f + hi
          if tokens >= need then
            bank = burst
          else
            bank = bank + tokens
          end
        end
        carry = new_carry
      end
      s.bank = bank
      s.carry = carry
    end
    states[key] = s
    order[#order + 1] = key
  end
  s.hits = s.hits + hits
  reply[#reply + 1] = s.tick
  reply[#reply + 1] = s.phase
  reply[#reply + 1] = s.bank
  reply[#reply + 1] = s.carry
end

-- Step 2: all or nothing.
local allowed = true
for _, key in ipairs(order) do
  if states[key].hits > states[key].bank then
    allowed = false
  end
end
if not allowed then
  reply[1] = 0
end

-- Step 3: write back; the anchor follows the clock even when nothing is consumed.
for _, key in ipairs(order) do
  local s = states[key]
  local bank = s.bank
  if allowed then
    bank = bank - s.hits
  end
  redis.call('HSET', key, 'a', string.format('%.0f', s.tick), 'b', string.format('%.0f', bank),
      'c', string.format('%.0f', s.carry), 'l', s.limit)
  if injected then
    redis.call('PERSIST', key)
  else
    local millis = ttl_slack_millis
    if s.plan > 0 and bank < s.burst then
      -- Upper bound of the ticks until full: need q / x, plus a relative margin and a tick.
      local ticks = (s.burst - bank) * s.q / s.plan
      millis = millis + math.ceil((ticks * (1 + 1e-9) + 1) * s.tick_micros / 1000)
    end
    if millis < 2 ^ 50 then
      redis.call('PEXPIRE', key, string.format('%.0f', millis))
    else
      redis.call('PERSIST', key)
    end
  end
end

return reply
