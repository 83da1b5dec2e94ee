-- Keeps one dead-letter record, once per (pipeline, eventId), scored by when it was recorded,
-- and trims records older than the dead-letter retention (the shared retention of this call).
-- KEY: records (hash), index (one hash tag: stream)
-- ARG: id (pipeline|eventId), json (the record), recorded_at (epoch millis)
-- Returns 1 stored, 0 already stored, -1 expired (recorded before now - retention).
trim_records(KEY.records, KEY.index, cutoff, trim_limit)
if tonumber(ARG.recorded_at) < cutoff then
	return -1
end
local added = redis.call('HSETNX', KEY.records, ARG.id, ARG.json)
if added == 1 then
	redis.call('ZADD', KEY.index, ARG.recorded_at, ARG.id)
end
extend(KEY.records, retention + margin)
extend(KEY.index, retention + margin)
return added
