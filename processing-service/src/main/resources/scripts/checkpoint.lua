-- Writes one checkpoint of a partition, fenced by the partition's lease, and extends the lease.
-- KEYS[1]: the owner (lease) key; KEYS[2]: the outbox; KEYS[3..]: the hashes of the checkpoint.
-- All of them carry the partition's hash tag ({p<N>}), so the script runs on a Redis Cluster.
-- ARGV[1]: this instance's id; ARGV[2]: the lease TTL in ms;
-- ARGV[3]: '1' to set the outbox to ARGV[4], '0' to delete it;
-- then per hash, in the order of KEYS[3..]: the number n of fields to set, n field/value pairs,
-- the number m of fields to delete, m fields.
-- Returns {1} when written; {0, owner} (owner nil when nobody holds the lease) when this instance
-- does not hold the lease: then nothing was written.
local owner = redis.call('GET', KEYS[1])
if owner ~= ARGV[1] then
	return {0, owner}
end
-- unpack is bounded by the Lua stack: at most BATCH arguments per command
local BATCH = 1000
local a = 5
for k = 3, #KEYS do
	local set = tonumber(ARGV[a])
	a = a + 1
	local last = a + 2 * set - 1
	for from = a, last, BATCH do
		redis.call('HSET', KEYS[k], unpack(ARGV, from, math.min(from + BATCH - 1, last)))
	end
	a = last + 1
	local delete = tonumber(ARGV[a])
	a = a + 1
	last = a + delete - 1
	for from = a, last, BATCH do
		redis.call('HDEL', KEYS[k], unpack(ARGV, from, math.min(from + BATCH - 1, last)))
	end
	a = last + 1
end
if ARGV[3] == '1' then
	redis.call('SET', KEYS[2], ARGV[4])
else
	redis.call('DEL', KEYS[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1}
