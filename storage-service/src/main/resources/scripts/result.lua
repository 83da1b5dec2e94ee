-- Applies one window result unless the stored one, or a retraction of its window, has the same or
-- a newer revision.
-- KEY: results, index, late_counts, late_ids, retracted (one hash tag: pipeline:key; see
--      retraction.lua)
-- ARG: window_start, window_end, revision, json (the result as stored), published (the result as
--      change notifications carry it: without accumulator state; empty when json has none), channel
--      (of result changes)
-- Returns 1 + the window's recorded late count when applied (so the live feed can carry it),
-- 0 ignored (not newer), -1 expired (ended before now - retention).
local field = ARG.window_start
local window_start = tonumber(ARG.window_start)
local window_end = tonumber(ARG.window_end)
local revision = tonumber(ARG.revision)

if window_end < cutoff then
	return -1
end
if has_revision(KEY.results, field, revision) then
	return 0
end
-- a session window merged into another was retracted: a redelivered older revision stays out
if retracted_since(KEY.retracted, field, revision) then
	return 0
end
redis.call('HSET', KEY.results, field, ARG.json)
redis.call('ZADD', KEY.index, field, field)
trim_windows(KEY, cutoff, window_end - window_start, trim_limit, true)
local ttl = math.max(window_end, now) - now + retention + margin
extend(KEY.results, ttl)
extend(KEY.index, ttl)
extend(KEY.late_counts, ttl)
-- the ids must outlive the counts they guard, or a redelivered late event would count again
extend(KEY.late_ids, ttl)
extend(KEY.retracted, ttl)
local late = tonumber(redis.call('HGET', KEY.late_counts, field)) or 0
local published = ARG.published
if published == '' then
	published = ARG.json
end
if late > 0 then
	published = as_published(published, late)
end
redis.call('PUBLISH', ARG.channel, published)
return 1 + late
