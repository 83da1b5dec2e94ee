-- Records when storage last applied a result of a pipeline (the shared now); never moves the time
-- backwards, whichever storage replica writes last.
-- KEY: status (hash)
-- Returns 1 updated, 0 unchanged.
local current = tonumber(redis.call('HGET', KEY.status, FIELD.last_result_at))
if current ~= nil and current >= now then
	return 0
end
redis.call('HSET', KEY.status, FIELD.last_result_at, string.format('%.0f', now))
return 1
