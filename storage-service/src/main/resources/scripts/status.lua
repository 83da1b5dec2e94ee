-- Records when storage last applied a result of a pipeline (the shared now), and, for the latest
-- final window applied (ARG.final_window_end, -1 when the write applied none), how long after its
-- end it was stored (the pipeline's freshness); never moves either backwards, whichever storage
-- replica writes last.
-- KEY: status (hash)
-- Returns 1 updated, 0 unchanged.
local updated = 0
local current = tonumber(redis.call('HGET', KEY.status, FIELD.last_result_at))
if current == nil or current < now then
	redis.call('HSET', KEY.status, FIELD.last_result_at, string.format('%.0f', now))
	updated = 1
end
local final_end = tonumber(ARG.final_window_end)
if final_end >= 0 then
	local known = tonumber(redis.call('HGET', KEY.status, FIELD.last_final_window_end))
	if known == nil or known < final_end then
		redis.call('HSET', KEY.status, FIELD.last_final_window_end, string.format('%.0f', final_end),
			FIELD.freshness, string.format('%.0f', math.max(0, now - final_end)))
		updated = 1
	end
end
return updated
