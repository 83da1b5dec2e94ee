-- Appends one entry to the pipeline's live feed, a capped stream.
-- KEY: feed (stream)
-- ARG: max_length (approximate), type (contract FeedEntryType; empty for a result, which is stored
--      without a type field), json (the entry's payload)
-- Returns 1.
if ARG.type ~= '' then
	redis.call('XADD', KEY.feed, 'MAXLEN', '~', ARG.max_length, '*', FIELD.feed_type, ARG.type, FIELD.feed_data,
		ARG.json)
else
	redis.call('XADD', KEY.feed, 'MAXLEN', '~', ARG.max_length, '*', FIELD.feed_data, ARG.json)
end
return 1
