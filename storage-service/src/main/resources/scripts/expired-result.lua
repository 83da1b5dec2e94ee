-- Keeps a record of a result dropped because its window ended before the retention cutoff, once per
-- window (the newest revision that arrived), scored by when it was dropped, and trims records
-- dropped before the cutoff: a backfill older than the retention is visible, never silently lost.
-- KEY: records (hash), index (one hash tag: pipeline, as the late-event records)
-- ARG: id (key|windowStart), revision, json (the ExpiredResult)
-- Returns 1 recorded (a new window or a newer revision), 0 not newer than the one kept.
trim_records(KEY.records, KEY.index, cutoff, trim_limit)
if has_revision(KEY.records, ARG.id, tonumber(ARG.revision)) then
	return 0
end
redis.call('HSET', KEY.records, ARG.id, ARG.json)
redis.call('ZADD', KEY.index, string.format('%.0f', now), ARG.id)
extend(KEY.records, retention + margin)
extend(KEY.index, retention + margin)
return 1
