"""The frontier's Lua scripts: each one step that must be atomic across workers.

Times are the Redis server's clock (``TIME``, in ms), so workers on several machines agree on
when a lease expires. Request ids are zero-padded counters, so requests of equal priority leave
the ``ready`` ZSET in the order they came (equal scores sort by member).

Contracts (KEYS are :class:`~newscrawl.frontier.keys.RunKeys` names):

``PUSH`` KEYS seen ready req prio fp seq stats; ARGV fingerprint, dont_filter (0/1), score, json
    Adds the fingerprint to ``seen``; unless it was there already (and ``dont_filter`` is 0),
    stores the request under a new id and makes it ready. Returns 1 if queued, 0 if a duplicate.
``TAKE`` KEYS ready leases owner req prio seq stats; ARGV worker, lease_ms, reclaim_limit
    First returns up to ``reclaim_limit`` expired leases to ``ready`` (counted as ``reclaimed``),
    then moves the best ready request to ``leases`` (expiry now + lease_ms) under a new token.
    Returns {id, token, json} or nil when nothing is ready.
``RENEW`` KEYS leases owner; ARGV lease_ms, id1, token1, ...
    Extends each lease still held under its token. Returns the lease ids (``id|token``) lost.
``ACK`` KEYS leases owner req prio fp failed stats; ARGV id1, token1, failed1, ...
    For each lease still held under its token: forgets the request (its fingerprint stays in
    ``seen``: done for this run; a failed one is also added to ``failed``). Returns how many.
``RELEASE`` KEYS leases owner ready prio stats; ARGV id1, token1, ...
    Gives leases still held back to ``ready`` at their old place (graceful stop). Returns how many.
``FINISH`` KEYS ready leases seeding seeded finished pointer, then every key to expire;
    ARGV run_id, ttl_seconds
    Ends the run when nothing is ready, no lease is outstanding (expired ones must have been
    reclaimed by a TAKE first) and seeding is done or its seeder is gone: sets ``finished``,
    clears the spider's run pointer if it still names this run, and lets the run's keys expire.
    Returns 1 if the run is (now) finished, else 0.
``JOIN`` KEYS pointer; ARGV new_run_id
    Returns {run_id, created}: the current run, or ``new_run_id`` made current (created = 1).
``CLAIM_SEEDING`` KEYS seeding seeded finished; ARGV worker, lease_ms
    Returns 1 if this worker is now the run's seeder (nobody seeds it, it was not seeded yet).
``PACE`` KEYS pace; ARGV gap_ms, hold_ms
    The turn of a download slot: when its stored time has come, takes it (the next turn is
    ``gap_ms`` later) and returns 0; else returns the ms until then (the caller asks again, so
    nothing is reserved ahead of a departure). With ``hold_ms`` > 0 it only pushes the stored
    time to at least now + ``hold_ms`` (a Retry-After) and returns 0.
"""

from __future__ import annotations

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

PUSH = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
if added == 0 and ARGV[2] ~= '1' then return 0 end
local id = string.format('%015d', redis.call('INCR', KEYS[6]))
redis.call('ZADD', KEYS[2], ARGV[3], id)
redis.call('HSET', KEYS[3], id, ARGV[4])
redis.call('HSET', KEYS[4], id, ARGV[3])
redis.call('HSET', KEYS[5], id, ARGV[1])
redis.call('HINCRBY', KEYS[7], 'pushed', 1)
return 1
"""

TAKE = (
    _NOW
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  local score = redis.call('HGET', KEYS[5], id)
  if score then redis.call('ZADD', KEYS[1], score, id) end
  redis.call('HINCRBY', KEYS[7], 'reclaimed', 1)
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then return false end
local id = first[1]
redis.call('ZREM', KEYS[1], id)
local token = ARGV[1] .. '#' .. redis.call('INCR', KEYS[6])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), id)
redis.call('HSET', KEYS[3], id, token)
redis.call('HINCRBY', KEYS[7], 'taken', 1)
return {id, token, redis.call('HGET', KEYS[4], id)}
"""
)

RENEW = (
    _NOW
    + """
local lost = {}
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
  else
    table.insert(lost, ARGV[i] .. '|' .. ARGV[i + 1])
  end
end
return lost
"""
)

ACK = """
local done = 0
for i = 1, #ARGV, 3 do
  local id = ARGV[i]
  if redis.call('HGET', KEYS[2], id) == ARGV[i + 1] then
    if ARGV[i + 2] == '1' then
      local fp = redis.call('HGET', KEYS[5], id)
      if fp then redis.call('SADD', KEYS[6], fp) end
      redis.call('HINCRBY', KEYS[7], 'failed', 1)
    end
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    redis.call('HDEL', KEYS[4], id)
    redis.call('HDEL', KEYS[5], id)
    redis.call('HINCRBY', KEYS[7], 'acked', 1)
    done = done + 1
  else
    redis.call('HINCRBY', KEYS[7], 'ack_stale', 1)
  end
end
return done
"""

RELEASE = """
local done = 0
for i = 1, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('HGET', KEYS[2], id) == ARGV[i + 1] then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    local score = redis.call('HGET', KEYS[4], id)
    if score then redis.call('ZADD', KEYS[3], score, id) end
    redis.call('HINCRBY', KEYS[5], 'returned', 1)
    done = done + 1
  end
end
return done
"""

FINISH = """
if redis.call('EXISTS', KEYS[5]) == 1 then return 1 end
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
if redis.call('EXISTS', KEYS[4]) == 0 and redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[5], '1', 'EX', tonumber(ARGV[2]))
if redis.call('GET', KEYS[6]) == ARGV[1] then redis.call('DEL', KEYS[6]) end
for i = 7, #KEYS do redis.call('EXPIRE', KEYS[i], tonumber(ARGV[2])) end
return 1
"""

JOIN = """
local current = redis.call('GET', KEYS[1])
if current then return {current, 0} end
redis.call('SET', KEYS[1], ARGV[1])
return {ARGV[1], 1}
"""

CLAIM_SEEDING = """
if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', tonumber(ARGV[2])) then return 1 end
return 0
"""

PACE = (
    _NOW
    + """
local gap, hold = tonumber(ARGV[1]), tonumber(ARGV[2])
local turn = tonumber(redis.call('GET', KEYS[1]) or '0')
if hold > 0 then
  turn = math.max(turn, now + hold)
  redis.call('SET', KEYS[1], turn, 'PX', turn - now + 60000)
  return 0
end
if now < turn then return turn - now end
if gap > 0 then redis.call('SET', KEYS[1], now + gap, 'PX', gap + 60000) end
return 0
"""
)
