-- Keeps one late-event record, once per id, and trims records older than the retention.
-- KEYS: late records hash, late record index (one hash tag: pipeline)
-- ARGV: late id (eventId|windowStart), record JSON, now, retention, expiry margin, trim limit
-- Returns 1 stored, 0 already stored.
local now = tonumber(ARGV[3])
local retention = tonumber(ARGV[4])
local margin = tonumber(ARGV[5])

trim_records(KEYS[1], KEYS[2], now - retention, tonumber(ARGV[6]))
local added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if added == 1 then
	redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
extend(KEYS[1], retention + margin)
extend(KEYS[2], retention + margin)
return added
