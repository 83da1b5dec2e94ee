-- Withdraws the result stored under a window start that a merged session window no longer has,
-- unless the stored result is newer, and remembers the retraction's revision (a tombstone), so a
-- redelivered older revision of that window is not written again (result.lua checks it).
-- KEYS: results hash, result index, late counts, late-event ids, retracted starts (one hash tag:
--       pipeline:key); the retracted starts are a sorted set of 'start|revision' scored by start
-- ARGV: windowStart, windowEnd, revision, now, retention, expiry margin, trim limit
-- Returns 1 applied, 0 ignored (a result or retraction as new or newer is stored), -1 expired.
local field = ARGV[1]
local window_start = tonumber(ARGV[1])
local window_end = tonumber(ARGV[2])
local revision = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local retention = tonumber(ARGV[5])
local margin = tonumber(ARGV[6])
local cutoff = now - retention

if window_end < cutoff then
	return -1
end
if has_revision(KEYS[1], field, revision) or retracted_since(KEYS[5], field, revision) then
	return 0
end
local retracted = redis.call('ZRANGEBYSCORE', KEYS[5], field, field)
if #retracted > 0 then
	redis.call('ZREM', KEYS[5], unpack(retracted))
end
redis.call('HDEL', KEYS[1], field)
redis.call('ZREM', KEYS[2], field)
redis.call('ZADD', KEYS[5], window_start, field .. '|' .. string.format('%.0f', revision))
trim_windows(KEYS[1], KEYS[2], KEYS[3], KEYS[4], cutoff, window_end - window_start, tonumber(ARGV[7]), KEYS[5])
-- as long as a result of this window could still be written (see result.lua)
extend(KEYS[5], math.max(window_end, now) - now + retention + margin)
return 1
