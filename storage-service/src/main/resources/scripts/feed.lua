-- Appends one result revision to the pipeline's live feed, a capped stream.
-- KEYS: feed stream
-- ARGV: approximate maximum length, result JSON (without accumulator state)
-- Returns 1.
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'data', ARGV[2])
return 1
