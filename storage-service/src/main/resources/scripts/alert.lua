-- Applies one alert revision unless the stored one has the same or a newer revision; keeps the set
-- of open alerts in step, and trims alerts that opened before the retention.
-- KEY: alerts (hash), index, open, deliveries (stream) (one hash tag: pipeline)
-- ARG: id, revision, json (the alert), open (1/0), score (window start, epoch millis), targets (the
--      rule's notification targets, comma-separated; empty: none), deliveries_length (approximate cap)
-- An applied revision of a rule with targets gets its delivery job in the same step, so no stored
-- revision goes undelivered.
-- Returns 1 applied, 0 ignored (not newer).
if has_revision(KEY.alerts, ARG.id, tonumber(ARG.revision)) then
	return 0
end
redis.call('HSET', KEY.alerts, ARG.id, ARG.json)
redis.call('ZADD', KEY.index, ARG.score, ARG.id)
if ARG.open == '1' then
	redis.call('ZADD', KEY.open, ARG.score, ARG.id)
else
	redis.call('ZREM', KEY.open, ARG.id)
end
if ARG.targets ~= '' then
	redis.call('XADD', KEY.deliveries, 'MAXLEN', '~', ARG.deliveries_length, '*', FIELD.delivery_alert, ARG.json,
		FIELD.delivery_targets, ARG.targets)
end
-- alerts that opened before the retention go, open or not (their windows are gone too)
local expired = redis.call('ZRANGEBYSCORE', KEY.index, '-inf', '(' .. string.format('%.0f', cutoff),
	'LIMIT', 0, trim_limit)
if #expired > 0 then
	redis.call('HDEL', KEY.alerts, unpack(expired))
	redis.call('ZREM', KEY.index, unpack(expired))
	redis.call('ZREM', KEY.open, unpack(expired))
end
extend(KEY.alerts, retention + margin)
extend(KEY.index, retention + margin)
extend(KEY.open, retention + margin)
return 1
