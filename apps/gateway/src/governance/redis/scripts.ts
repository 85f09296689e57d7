/**
 * The Lua script that makes limits and budgets exact across gateways. Redis runs a script
 * atomically, so "check every counter, then charge every counter" cannot interleave with another
 * request's. Every admit and settle a gateway has in one event-loop turn goes to Redis as one
 * EVALSHA of this script (redis/batch.ts): each operation is still all-or-nothing and they run in
 * the order they were made, but a busy gateway pays one round trip, one command and one write per
 * turn instead of one or two per request.
 *
 * ARGV[1] = number of operations; then each operation: its type, its KEYS count, then its own
 * arguments (a fixed number per type). KEYS are the operations' keys, concatenated in order.
 * Counter specs travel as one string per operation ("kind:a:b:c;" per counter, kind s = sum,
 * l = lease) rather than four arguments per counter: the gateway's Redis client pays per argument.
 * Returns one reply per operation; an operation that raised an error replies {"ERR", message} and the
 * others are unaffected (as when each had its own script call; Redis rolls back neither).
 *
 * admit (type "a", 4 arguments: cache lookup flag, now ms, request id, specs
 * "kind:limit:amount:ttl:extra:ceiling;"): KEYS[1] = response-cache key (ignored unless the flag is
 * "1"), KEYS[2..] = the counters. "s": a fixed-window counter (requests, tokens, nano-dollars); "l":
 * a sorted set of in-flight request ids scored by expiry (max-parallel; a crashed gateway's leases
 * expire). Replies {2, cached} on a cache hit; {0, index, current, pttl, ...} naming every counter
 * that would overflow (nothing charged); {1, value1, ..., valueN, grant1, ..., grantN} after
 * charging all. A grant is an allowance charged on top of the amount for the gateway to spend
 * locally (limits/allowances.ts): at most `extra`, at most 1/16 of what the limit has left after
 * this request, and only while the counter stays at or under `ceiling`; 0 for leases. Admission
 * itself checks only the amount, so asking for an allowance never refuses a request.
 *
 * settle (type "s", 2 arguments: request id, specs "kind:delta:soft:ttl;"): KEYS one counter per
 * spec, plus an alert-flag key after every one whose soft >= 0. "s" adds delta (actual − reserved)
 * to a counter that still exists, never below zero; "l" removes the request from the in-flight set.
 * A soft threshold reached sets the alert flag once per period (SET NX), so exactly one settlement
 * reports the crossing. Replies per spec the new value (-1: the window is gone), followed by 1/0
 * "alert fired" for specs with a soft threshold.
 *
 * cache write (type "c", 2 arguments: value, ttl ms): KEYS[1] = cache key. Replies 1.
 */
export const batchScript = `
local function specs(text)
  local out = {}
  for kind, a, b, c in string.gmatch(text, '(%a):([^:;]+):([^:;]+):([^:;]+);') do
    out[#out + 1] = {kind, a, b, c}
  end
  return out
end

local function admitSpecs(text)
  local out = {}
  for kind, a, b, c, d, e in string.gmatch(text, '(%a):([^:;]+):([^:;]+):([^:;]+):([^:;]+):([^:;]+);') do
    out[#out + 1] = {kind, a, b, c, d, e}
  end
  return out
end

local function admit(ko, lookup, nowText, requestId, specText)
  if lookup == '1' then
    local cached = redis.call('GET', KEYS[ko + 1])
    if cached then return {2, cached} end
  end
  local now = tonumber(nowText)
  local counters = admitSpecs(specText)
  local current = {}
  local exists = {}
  local failed = {}
  for i, counter in ipairs(counters) do
    local key = KEYS[ko + i + 1]
    local value
    if counter[1] == 'l' then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
      value = redis.call('ZCARD', key)
    else
      local stored = redis.call('GET', key)
      exists[i] = stored ~= false
      value = tonumber(stored or '0')
    end
    current[i] = value
    if value + tonumber(counter[3]) > tonumber(counter[2]) then failed[#failed + 1] = i end
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
  local grants = {}
  for i, counter in ipairs(counters) do
    local key = KEYS[ko + i + 1]
    local ttl = counter[4]
    grants[i] = 0
    if counter[1] == 'l' then
      redis.call('ZADD', key, now + tonumber(ttl), requestId)
      redis.call('PEXPIRE', key, ttl)
      out[#out + 1] = current[i] + 1
    else
      local charged = current[i] + tonumber(counter[3])
      local extra = tonumber(counter[5])
      if extra > 0 then
        local grant = math.min(extra, math.floor((tonumber(counter[2]) - charged) / 16), tonumber(counter[6]) - charged)
        if grant > 0 then grants[i] = grant end
      end
      -- As an integer string: Redis turns a Lua number past 1e17 into "1e+17", which INCRBY refuses.
      local amount = string.format('%d', tonumber(counter[3]) + grants[i])
      if exists[i] then
        out[#out + 1] = redis.call('INCRBY', key, amount)
      else
        -- A new window: created with its TTL in the same call.
        redis.call('SET', key, amount, 'PX', ttl)
        out[#out + 1] = tonumber(amount)
      end
    end
  end
  for i = 1, #counters do out[#out + 1] = grants[i] end
  return out
end

local function settle(ko, requestId, specText)
  local out = {}
  local k = ko + 1
  for _, entry in ipairs(specs(specText)) do
    local key = KEYS[k]
    k = k + 1
    if entry[1] == 'l' then
      redis.call('ZREM', key, requestId)
      out[#out + 1] = 0
    else
      local value = -1
      if redis.call('EXISTS', key) == 1 then
        value = redis.call('INCRBY', key, entry[2])
        if value < 0 then
          redis.call('SET', key, '0', 'KEEPTTL')
          value = 0
        end
      end
      out[#out + 1] = value
      local soft = tonumber(entry[3])
      if soft >= 0 then
        local alertKey = KEYS[k]
        k = k + 1
        local fired = 0
        if value >= soft and redis.call('SET', alertKey, '1', 'NX', 'PX', entry[4]) then fired = 1 end
        out[#out + 1] = fired
      end
    end
  end
  return out
end

local function cacheWrite(ko, value, ttl)
  redis.call('SET', KEYS[ko + 1], value, 'PX', ttl)
  return 1
end

-- One operation's error (a key of the wrong type, say) is its own: the others still run.
local function isolated(fn, ...)
  local ok, result = pcall(fn, ...)
  if ok then return result end
  return {'ERR', type(result) == 'table' and (result.err or 'script error') or tostring(result)}
end

local replies = {}
local ko = 0
local a = 2
for op = 1, tonumber(ARGV[1]) do
  local kind = ARGV[a]
  local nk = tonumber(ARGV[a + 1])
  if kind == 'a' then
    replies[op] = isolated(admit, ko, ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5])
    a = a + 6
  elseif kind == 's' then
    replies[op] = isolated(settle, ko, ARGV[a + 2], ARGV[a + 3])
    a = a + 4
  else
    replies[op] = isolated(cacheWrite, ko, ARGV[a + 2], ARGV[a + 3])
    a = a + 4
  end
  ko = ko + nk
end
return replies
`;
