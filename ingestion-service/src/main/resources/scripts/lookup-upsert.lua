-- Upserts entries of a lookup table and bumps its version in one step, so a reader never sees new
-- entries under an old version.
-- KEYS[1]: the table's hash; KEYS[2]: its version counter; one hash tag: the table.
-- ARGV: key/value pairs.
-- Returns the new version.
-- unpack is bounded by the Lua stack: at most BATCH arguments (an even number) per command
local BATCH = 1000
for from = 1, #ARGV, BATCH do
	redis.call('HSET', KEYS[1], unpack(ARGV, from, math.min(from + BATCH - 1, #ARGV)))
end
return redis.call('INCR', KEYS[2])
