-- Records the newest window start of keys of one pipeline and drops keys whose newest window
-- ended before the retention cutoff.
-- KEY: keys (sorted set; hash tag: pipeline)
-- ARG: longest_window (millis), then from REST pairs of window start, key
-- Returns the number of keys added.
local length = tonumber(ARG.longest_window)
local added = 0
for i = REST, #ARGV, 2 do
	-- GT: a key's score only moves forward, whatever order results arrive in
	added = added + redis.call('ZADD', KEY.keys, 'GT', ARGV[i], ARGV[i + 1])
end
redis.call('ZREMRANGEBYSCORE', KEY.keys, '-inf', '(' .. string.format('%.0f', cutoff - length))
extend(KEY.keys, retention + margin + length)
return added
