-- Applies one alert revision unless the stored one has the same or a newer revision; keeps the set
-- of open alerts in step, and trims alerts that opened before the retention.
-- KEYS: alerts hash, alert index, open alerts (one hash tag: pipeline)
-- ARGV: alert id, revision, alert JSON, open (1/0), score (window start, epoch millis), now,
--       retention, expiry margin, trim limit
-- Returns 1 applied, 0 ignored (not newer).
local id = ARGV[1]
local revision = tonumber(ARGV[2])
local now = tonumber(ARGV[6])
local retention = tonumber(ARGV[7])
local margin = tonumber(ARGV[8])

if has_revision(KEYS[1], id, revision) then
	return 0
end
redis.call('HSET', KEYS[1], id, ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[5], id)
if ARGV[4] == '1' then
	redis.call('ZADD', KEYS[3], ARGV[5], id)
else
	redis.call('ZREM', KEYS[3], id)
end
-- alerts that opened before the retention go, open or not (their windows are gone too)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%.0f', now - retention),
	'LIMIT', 0, tonumber(ARGV[9]))
if #expired > 0 then
	redis.call('HDEL', KEYS[1], unpack(expired))
	redis.call('ZREM', KEYS[2], unpack(expired))
	redis.call('ZREM', KEYS[3], unpack(expired))
end
extend(KEYS[1], retention + margin)
extend(KEYS[2], retention + margin)
extend(KEYS[3], retention + margin)
return 1
