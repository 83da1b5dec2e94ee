-- Applies one window result unless the stored one, or a retraction of its window, has the same or
-- a newer revision.
-- KEYS: results hash, result index, late counts, late-event ids, retracted starts (one hash tag:
--       pipeline:key; see retraction.lua)
-- ARGV: windowStart, windowEnd, revision, result JSON, now, retention, expiry margin (millis),
--       change channel, trim limit
-- Returns 1 + the window's recorded late count when applied (so the live feed can carry it),
-- 0 ignored (not newer), -1 expired (ended before now - retention).
local field = ARGV[1]
local window_start = tonumber(ARGV[1])
local window_end = tonumber(ARGV[2])
local revision = tonumber(ARGV[3])
local json = ARGV[4]
local now = tonumber(ARGV[5])
local retention = tonumber(ARGV[6])
local margin = tonumber(ARGV[7])
local cutoff = now - retention

if window_end < cutoff then
	return -1
end
if has_revision(KEYS[1], field, revision) then
	return 0
end
-- a session window merged into another was retracted: a redelivered older revision stays out
if retracted_since(KEYS[5], field, revision) then
	return 0
end
redis.call('HSET', KEYS[1], field, json)
redis.call('ZADD', KEYS[2], field, field)
trim_windows(KEYS[1], KEYS[2], KEYS[3], KEYS[4], cutoff, window_end - window_start, tonumber(ARGV[9]), KEYS[5])
local ttl = math.max(window_end, now) - now + retention + margin
extend(KEYS[1], ttl)
extend(KEYS[2], ttl)
extend(KEYS[3], ttl)
-- the ids must outlive the counts they guard, or a redelivered late event would count again
extend(KEYS[4], ttl)
extend(KEYS[5], ttl)
local late = tonumber(redis.call('HGET', KEYS[3], field)) or 0
redis.call('PUBLISH', ARGV[8], with_late(without_state(json), late))
return 1 + late
