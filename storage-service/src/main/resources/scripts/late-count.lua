-- Counts one late event on its window, once per (eventId, windowStart), and publishes the
-- window's stored result with the new late count so live views see it.
-- KEY: results, index, late_counts, late_ids, retracted (one hash tag: pipeline:key)
-- ARG: id (eventId|windowStart), window_start, window_end, channel (of result changes)
-- Returns the window's late count after counting it (>= 1), 0 already counted, -1 expired (window
-- ended before now - retention).
local window_start = tonumber(ARG.window_start)
local window_end = tonumber(ARG.window_end)

if window_end < cutoff then
	return -1
end
-- the id set makes the increment idempotent: HINCRBY alone would count a re-sent command twice
if redis.call('ZADD', KEY.late_ids, 'NX', ARG.window_start, ARG.id) == 0 then
	return 0
end
local count = redis.call('HINCRBY', KEY.late_counts, ARG.window_start, 1)
trim_windows(KEY, cutoff, window_end - window_start, trim_limit, false)
local ttl = math.max(window_end, now) - now + retention + margin
extend(KEY.late_counts, ttl)
extend(KEY.late_ids, ttl)
local stored = redis.call('HGET', KEY.results, ARG.window_start)
if stored then
	redis.call('PUBLISH', ARG.channel, as_published(stored, count))
end
return count
