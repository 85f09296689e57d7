/**
 * The Lua script that makes limits and budgets exact across gateways. Redis runs a script
 * atomically, so "check every counter, then charge every counter" cannot interleave with another
 * request's. Every admit and settle a gateway has in one event-loop turn goes to Redis as one
 * EVALSHA of this script (redis/batch.ts): each operation is still all-or-nothing and they run in
 * the order they were made, but a busy gateway pays one round trip, one command and one write per
 * turn instead of one or two per request.
 *
 * ARGV[1] = number of operations; then each operation: its type, its KEYS count, its ARGV count,
 * then its own ARGV. KEYS are the operations' keys, concatenated in order. Returns one reply per
 * operation.
 *
 * admit (type "a"): KEYS[1] = response-cache key (ignored unless its ARGV[1] == "1"), KEYS[2..] =
 * counters. ARGV: [1] cache lookup flag, [2] now (ms), [3] request id, then per counter: kind,
 * limit, amount, ttl ms. kind "sum": a fixed-window counter (requests, tokens, nano-dollars);
 * "lease": a sorted set of in-flight request ids scored by expiry (max-parallel; a crashed gateway's
 * leases expire). Replies {2, cached} on a cache hit; {0, index, current, pttl, ...} naming every
 * counter that would overflow (nothing charged); {1, value1, value2, ...} after charging all.
 *
 * settle (type "s"): ARGV[1] = request id, then per entry kind, delta, soft, ttl ms; KEYS one
 * counter each, plus an alert-flag key after every entry whose soft >= 0. "sum" adds delta (actual
 * − reserved) to a counter that still exists, never below zero; "lease" removes the request from
 * the in-flight set. A soft threshold reached sets the alert flag once per period (SET NX), so
 * exactly one settlement reports the crossing. Replies per entry the new value (-1: the window is
 * gone), followed by 1/0 "alert fired" for entries with a soft threshold.
 *
 * cache write (type "c"): KEYS[1] = cache key, ARGV value, ttl ms. Replies 1.
 */
export const batchScript = `
local function admit(ko, ao, nk)
  if ARGV[ao + 1] == '1' then
    local cached = redis.call('GET', KEYS[ko + 1])
    if cached then return {2, cached} end
  end
  local now = tonumber(ARGV[ao + 2])
  local count = nk - 1
  local current = {}
  local exists = {}
  local failed = {}
  for i = 1, count do
    local key = KEYS[ko + i + 1]
    local base = ao + 4 + (i - 1) * 4
    local value
    if ARGV[base] == 'lease' then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
      value = redis.call('ZCARD', key)
    else
      local stored = redis.call('GET', key)
      exists[i] = stored ~= false
      value = tonumber(stored or '0')
    end
    current[i] = value
    if value + tonumber(ARGV[base + 2]) > tonumber(ARGV[base + 1]) then failed[#failed + 1] = i end
  end
  if #failed > 0 then
    local out = {0}
    for _, i in ipairs(failed) do
      out[#out + 1] = i
      out[#out + 1] = current[i]
      out[#out + 1] = redis.call('PTTL', KEYS[ko + i + 1])
    end
    return out
  end
  local out = {1}
  for i = 1, count do
    local key = KEYS[ko + i + 1]
    local base = ao + 4 + (i - 1) * 4
    local ttl = ARGV[base + 3]
    if ARGV[base] == 'lease' then
      redis.call('ZADD', key, now + tonumber(ttl), ARGV[ao + 3])
      redis.call('PEXPIRE', key, ttl)
      out[#out + 1] = current[i] + 1
    elseif exists[i] then
      out[#out + 1] = redis.call('INCRBY', key, ARGV[base + 2])
    else
      -- A new window: created with its TTL in the same call.
      redis.call('SET', key, ARGV[base + 2], 'PX', ttl)
      out[#out + 1] = tonumber(ARGV[base + 2])
    end
  end
  return out
end

local function settle(ko, ao, na)
  local out = {}
  local k = ko + 1
  local a = ao + 2
  while a <= ao + na do
    local key = KEYS[k]
    k = k + 1
    if ARGV[a] == 'lease' then
      redis.call('ZREM', key, ARGV[ao + 1])
      out[#out + 1] = 0
    else
      local value = -1
      if redis.call('EXISTS', key) == 1 then
        value = redis.call('INCRBY', key, ARGV[a + 1])
        if value < 0 then
          redis.call('SET', key, '0', 'KEEPTTL')
          value = 0
        end
      end
      out[#out + 1] = value
      local soft = tonumber(ARGV[a + 2])
      if soft >= 0 then
        local alertKey = KEYS[k]
        k = k + 1
        local fired = 0
        if value >= soft and redis.call('SET', alertKey, '1', 'NX', 'PX', ARGV[a + 3]) then fired = 1 end
        out[#out + 1] = fired
      end
    end
    a = a + 4
  end
  return out
end

local replies = {}
local ko = 0
local a = 2
for op = 1, tonumber(ARGV[1]) do
  local kind = ARGV[a]
  local nk = tonumber(ARGV[a + 1])
  local na = tonumber(ARGV[a + 2])
  local ao = a + 2
  if kind == 'a' then
    replies[op] = admit(ko, ao, nk)
  elseif kind == 's' then
    replies[op] = settle(ko, ao, na)
  else
    redis.call('SET', KEYS[ko + 1], ARGV[ao + 1], 'PX', ARGV[ao + 2])
    replies[op] = 1
  end
  ko = ko + nk
  a = ao + na + 1
end
return replies
`;
