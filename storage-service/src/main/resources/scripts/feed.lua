-- Appends one entry to the pipeline's live feed, a capped stream.
-- KEY: feed (stream)
-- ARG: max_length (approximate), type (empty for a result, which is stored without a type field),
--      json (the entry's payload)
-- Returns 1.
if ARG.type ~= '' then
	redis.call('XADD', KEY.feed, 'MAXLEN', '~', ARG.max_length, '*', 'type', ARG.type, 'data', ARG.json)
else
	redis.call('XADD', KEY.feed, 'MAXLEN', '~', ARG.max_length, '*', 'data', ARG.json)
end
return 1
