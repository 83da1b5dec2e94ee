-- Withdraws the result stored under a window start that a merged session window no longer has,
-- unless the stored result is newer, and remembers the retraction's revision (a tombstone), so a
-- redelivered older revision of that window is not written again (result.lua checks it).
-- KEY: results, index, late_counts, late_ids, retracted (one hash tag: pipeline:key); retracted is
--      a sorted set of 'start|revision' scored by start
-- ARG: window_start, window_end, revision
-- Returns 1 applied, 0 ignored (a result or retraction as new or newer is stored), -1 expired.
local field = ARG.window_start
local window_start = tonumber(ARG.window_start)
local window_end = tonumber(ARG.window_end)
local revision = tonumber(ARG.revision)

if window_end < cutoff then
	return -1
end
if has_revision(KEY.results, field, revision) or retracted_since(KEY.retracted, field, revision) then
	return 0
end
local retracted = redis.call('ZRANGEBYSCORE', KEY.retracted, field, field)
if #retracted > 0 then
	redis.call('ZREM', KEY.retracted, unpack(retracted))
end
redis.call('HDEL', KEY.results, field)
redis.call('ZREM', KEY.index, field)
redis.call('ZADD', KEY.retracted, window_start, field .. '|' .. string.format('%.0f', revision))
trim_windows(KEY, cutoff, window_end - window_start, trim_limit, true)
-- as long as a result of this window could still be written (see result.lua)
extend(KEY.retracted, math.max(window_end, now) - now + retention + margin)
return 1
