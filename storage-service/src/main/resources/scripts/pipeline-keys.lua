-- Records the newest window start of keys of one pipeline and drops keys whose newest window
-- ended before the retention cutoff.
-- KEYS: pipeline keys sorted set (hash tag: pipeline)
-- ARGV: now, retention, expiry margin, longest window length, then pairs of windowStart, key
-- Returns the number of keys added.
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local margin = tonumber(ARGV[3])
local length = tonumber(ARGV[4])
local added = 0
for i = 5, #ARGV, 2 do
	-- GT: a key's score only moves forward, whatever order results arrive in
	added = added + redis.call('ZADD', KEYS[1], 'GT', ARGV[i], ARGV[i + 1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', now - retention - length))
extend(KEYS[1], retention + margin + length)
return added
