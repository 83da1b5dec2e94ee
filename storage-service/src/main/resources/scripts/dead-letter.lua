-- Keeps one dead-letter record, once per (pipeline, eventId), scored by when it was recorded,
-- and trims records older than the dead-letter retention.
-- KEYS: dead letters hash, dead letter index (one hash tag: stream)
-- ARGV: dead-letter id (pipeline|eventId), record JSON, recordedAt, now, retention, expiry margin,
--       trim limit
-- Returns 1 stored, 0 already stored, -1 expired (recorded before now - retention).
local recorded_at = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local retention = tonumber(ARGV[5])
local margin = tonumber(ARGV[6])
local cutoff = now - retention

trim_records(KEYS[1], KEYS[2], cutoff, tonumber(ARGV[7]))
if recorded_at < cutoff then
	return -1
end
local added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if added == 1 then
	redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
end
extend(KEYS[1], retention + margin)
extend(KEYS[2], retention + margin)
return added
