-- Takes dead letters out of a stream's dead letters for a redrive: each named record moves to the
-- redriving hash (where it stays until the broker confirmed its republication), so that a new dead
-- letter of the same id (the redriven event failing again) is kept rather than deleted with it.
-- A record already in the redriving hash (a redrive that did not finish) is taken again as it is.
-- KEYS: records (hash), index (sorted set), redriving (hash); one hash tag: the stream
-- ARGV: the dead-letter ids
-- Returns, per id, the record JSON taken, or '' when the id is in neither hash.
local taken = {}
for i, id in ipairs(ARGV) do
	local json = redis.call('HGET', KEYS[1], id)
	if json then
		redis.call('HSET', KEYS[3], id, json)
		redis.call('HDEL', KEYS[1], id)
		redis.call('ZREM', KEYS[2], id)
	else
		json = redis.call('HGET', KEYS[3], id)
	end
	taken[i] = json or ''
end
return taken
