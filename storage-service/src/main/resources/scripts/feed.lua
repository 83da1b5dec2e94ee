-- Appends one result or alert revision to the pipeline's live feed, a capped stream.
-- KEYS: feed stream
-- ARGV: approximate maximum length, JSON (a result without accumulator state, or an alert),
--       entry type (absent for a result, 'alert')
-- Returns 1.
if ARGV[3] then
	redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'type', ARGV[3], 'data', ARGV[2])
else
	redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'data', ARGV[2])
end
return 1
