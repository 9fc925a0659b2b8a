-- quantaflow refund v1: gives back tokens that admit-v1 took for a call that was denied in
-- another cluster slot, so that a call spanning slots takes nothing overall. The bank is
-- capped at the burst, so a refund never leaves more tokens than if nothing had been taken.
--
-- KEYS[i]       state hash of request i (fields a, b, c as in admit-v1).
-- ARGV[2i - 1]  burstTokens of request i (1 <= B < 2^31).
-- ARGV[2i]      tokens to give back (0 <= n <= B).
-- Returns       { number of keys refunded }.
--
-- Exactness: b + n < 2^32, far below 2^53; written with %.0f.

local refunded = 0
for i = 1, #KEYS do
  local burst = tonumber(ARGV[2 * i - 1])
  local tokens = tonumber(ARGV[2 * i])
  local bank = redis.call('HGET', KEYS[i], 'b')
  if bank and tokens > 0 then
    local refilled = math.min(burst, tonumber(bank) + tokens)
    redis.call('HSET', KEYS[i], 'b', string.format('%.0f', refilled))
    refunded = refunded + 1
  end
end
return { refunded }
