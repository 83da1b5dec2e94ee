-- Records when storage last applied a result of a pipeline; never moves the time backwards,
-- whichever storage replica writes last.
-- KEYS: pipeline status hash
-- ARGV: now (millis)
-- Returns 1 updated, 0 unchanged.
local current = tonumber(redis.call('HGET', KEYS[1], 'lastResultAt'))
if current ~= nil and current >= tonumber(ARGV[1]) then
	return 0
end
redis.call('HSET', KEYS[1], 'lastResultAt', ARGV[1])
return 1
