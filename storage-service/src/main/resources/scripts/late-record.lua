-- Keeps one late-event record, once per id, and trims records older than the retention.
-- KEY: records (hash), index (one hash tag: pipeline)
-- ARG: id (eventId|windowStart), json (the record)
-- Returns 1 stored, 0 already stored.
trim_records(KEY.records, KEY.index, cutoff, trim_limit)
local added = redis.call('HSETNX', KEY.records, ARG.id, ARG.json)
if added == 1 then
	redis.call('ZADD', KEY.index, string.format('%.0f', now), ARG.id)
end
extend(KEY.records, retention + margin)
extend(KEY.index, retention + margin)
return added
