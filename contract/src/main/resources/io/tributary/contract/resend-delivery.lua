-- Resends one failed alert delivery, in one step: if the failure record is still there, unchanged,
-- a delivery job for its target alone is appended with the alert revision it holds, and the record
-- is deleted. A record that is gone (resent already, or trimmed) gives no job, so two resends of one
-- record never give two jobs. Run by ingestion's resend endpoint (package ingestion.alertdelivery);
-- kept in contract (RedisKeys.RESEND_DELIVERY_SCRIPT) so storage's tests run the very same script.
-- KEYS: failed deliveries (stream), deliveries (stream); one hash tag: the pipeline
-- ARGV: the record's id, its data field as read, the alert JSON, the target, the job stream's cap,
--       the names of the record's data field, the job's alert field and its targets field
-- Returns the new job's id, or false when the record is not there (or not as read).
local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #found == 0 then
	return false
end
local fields = found[1][2]
local data = false
for i = 1, #fields, 2 do
	if fields[i] == ARGV[6] then
		data = fields[i + 1]
	end
end
if data ~= ARGV[2] then
	return false
end
local job = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', ARGV[7], ARGV[3], ARGV[8], ARGV[4])
redis.call('XDEL', KEYS[1], ARGV[1])
return job
