-- Counts one late event on its window, once per (eventId, windowStart), and publishes the
-- window's stored result with the new late count so live views see it.
-- KEYS: results hash, result index, late counts, late-event ids (one hash tag: pipeline:key)
-- ARGV: late id (eventId|windowStart), windowStart, windowEnd, now, retention, expiry margin,
--       change channel, trim limit
-- Returns the window's late count after counting it (>= 1), 0 already counted, -1 expired (window
-- ended before now - retention).
local window_start = tonumber(ARGV[2])
local window_end = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local retention = tonumber(ARGV[5])
local margin = tonumber(ARGV[6])
local cutoff = now - retention

if window_end < cutoff then
	return -1
end
-- the id set makes the increment idempotent: HINCRBY alone would count a re-sent command twice
if redis.call('ZADD', KEYS[4], 'NX', ARGV[2], ARGV[1]) == 0 then
	return 0
end
local count = redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
trim_windows(KEYS[1], KEYS[2], KEYS[3], KEYS[4], cutoff, window_end - window_start, tonumber(ARGV[8]))
local ttl = math.max(window_end, now) - now + retention + margin
extend(KEYS[3], ttl)
extend(KEYS[4], ttl)
local stored = redis.call('HGET', KEYS[1], ARGV[2])
if stored then
	redis.call('PUBLISH', ARGV[7], with_late(without_state(stored), count))
end
return count
