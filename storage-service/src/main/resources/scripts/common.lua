-- Shared by every storage script: runs after the prelude that names the script's KEY and ARG
-- (ScriptPrelude) and before the script. Numbers arrive as decimal strings.

-- The arguments every script starts with (SharedArgs), decoded here only: when the write happens
-- (epoch millis), how long the call's records are kept, the margin added to key expiries (millis),
-- and how many expired records one call trims at most.
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local margin = tonumber(ARGV[3])
local trim_limit = tonumber(ARGV[4])
-- what ended or was recorded before this is past retention
local cutoff = now - retention

-- Where the JSON value that starts at index i ends (the index of its last character): a string at
-- its closing quote (escapes skipped), an object or array at its closing bracket (nested values
-- skipped), anything else before the next , } or ]. Compact JSON, as the contract writes it.
local function value_end(json, i)
	local c = string.sub(json, i, i)
	if c == '"' then
		local j = i + 1
		while true do
			local q = string.find(json, '["\\]', j)
			if string.sub(json, q, q) == '"' then
				return q
			end
			j = q + 2
		end
	elseif c == '{' or c == '[' then
		local depth = 0
		local j = i
		while true do
			local k = string.find(json, '[%[%]{}"]', j)
			local d = string.sub(json, k, k)
			if d == '"' then
				k = value_end(json, k)
			elseif d == '{' or d == '[' then
				depth = depth + 1
			else
				depth = depth - 1
				if depth == 0 then
					return k
				end
			end
			j = k + 1
		end
	end
	local k = string.find(json, '[,}%]]', i)
	return (k or (#json + 1)) - 1
end

-- The members of the JSON object that starts at index i, by name: where each member starts (its
-- name's quote) and where its value starts and ends. Errors on anything but compact JSON.
local function members(json, i)
	local found = {}
	local j = i + 1
	if string.sub(json, j, j) == '}' then
		return found
	end
	while true do
		local name_end = value_end(json, j)
		if string.sub(json, name_end + 1, name_end + 1) ~= ':' then
			error('not an object member at ' .. j)
		end
		local first = name_end + 2
		local last = value_end(json, first)
		found[string.sub(json, j + 1, name_end - 1)] = { from = j, first = first, last = last }
		local after = string.sub(json, last + 1, last + 1)
		if after == '}' then
			return found
		elseif after ~= ',' then
			error('not an object at ' .. i)
		end
		j = last + 2
	end
end

local function edit_published(json, extra_late)
	if string.sub(json, 1, 1) ~= '{' then
		error('not an object')
	end
	local top = members(json, 1)
	local edits = {}
	local state = top['state']
	if state then
		-- the member and the comma that separates it from its neighbour
		if string.sub(json, state.last + 1, state.last + 1) == ',' then
			edits[#edits + 1] = { state.from, state.last + 1, '' }
		elseif string.sub(json, state.from - 1, state.from - 1) == ',' then
			edits[#edits + 1] = { state.from - 1, state.last, '' }
		else
			edits[#edits + 1] = { state.from, state.last, '' }
		end
	end
	local counts = top['counts']
	if extra_late ~= 0 and counts and string.sub(json, counts.first, counts.first) == '{' then
		local late = members(json, counts.first)['late']
		local base = late and tonumber(string.sub(json, late.first, late.last))
		if base then
			edits[#edits + 1] = { late.first, late.last, string.format('%.0f', base + extra_late) }
		end
	end
	-- back to front, so the earlier positions stay valid
	table.sort(edits, function(a, b) return a[1] > b[1] end)
	local published = json
	for _, e in ipairs(edits) do
		published = string.sub(published, 1, e[1] - 1) .. e[3] .. string.sub(published, e[2] + 1)
	end
	return published
end

-- A stored result JSON as change notifications carry it: without the accumulators' state, with
-- extra_late late events added to counts.late. Both members are found by name at the top level,
-- wherever the writer put them (a JSON object has no order); numbers are copied as text, never
-- decoded and re-encoded. A value of another shape is published as stored.
local function as_published(json, extra_late)
	local ok, published = pcall(edit_published, json, extra_late or 0)
	if ok then
		return published
	end
	return json
end

-- Whether hash[field] holds a record (JSON with a revision) at least as new as revision. An
-- unreadable stored value does not count, so it is replaced rather than blocking the field for good.
local function has_revision(hash, field, revision)
	local stored = redis.call('HGET', hash, field)
	if stored then
		local ok, decoded = pcall(cjson.decode, stored)
		if ok and type(decoded) == 'table' then
			local stored_revision = tonumber(decoded['revision'])
			return stored_revision ~= nil and stored_revision >= revision
		end
	end
	return false
end

-- Whether a retraction of the window at start (see retraction.lua) is at least as new as revision.
local function retracted_since(retracted, start, revision)
	local tombstones = redis.call('ZRANGEBYSCORE', retracted, start, start)
	for i = 1, #tombstones do
		local previous = tonumber(string.match(tombstones[i], '|(%d+)$'))
		if previous ~= nil and previous >= revision then
			return true
		end
	end
	return false
end

-- Lets a key live at least ttl more milliseconds; never shortens a longer expiry.
local function extend(key, ttl)
	local current = redis.call('PTTL', key)
	if current == -1 or (current >= 0 and current < ttl) then
		redis.call('PEXPIRE', key, string.format('%.0f', ttl))
	end
end

-- Drops the windows of one key that ended before the retention cutoff: their results, index
-- entries, late counts, late-event ids and (when with_retracted) retracted starts. keys are the
-- window keys by name (KEY of result.lua, late-count.lua, retraction.lua). Windows are indexed by
-- start, so a window of this key's length has ended before the cutoff when it started before
-- cutoff - length.
local function trim_windows(keys, cutoff, length, limit, with_retracted)
	local bound = '(' .. string.format('%.0f', cutoff - length)
	if with_retracted then
		redis.call('ZREMRANGEBYSCORE', keys.retracted, '-inf', bound)
	end
	local expired = redis.call('ZRANGEBYSCORE', keys.index, '-inf', bound, 'LIMIT', 0, limit)
	if #expired > 0 then
		redis.call('HDEL', keys.results, unpack(expired))
		redis.call('HDEL', keys.late_counts, unpack(expired))
		redis.call('ZREM', keys.index, unpack(expired))
	end
	-- late counts can exist for windows that have no stored result, so trim them by their ids
	local ids = redis.call('ZRANGEBYSCORE', keys.late_ids, '-inf', bound, 'LIMIT', 0, limit)
	if #ids > 0 then
		for i = 1, #ids do
			local window = string.match(ids[i], '|(%d+)$')
			if window then
				redis.call('HDEL', keys.late_counts, window)
			end
		end
		redis.call('ZREM', keys.late_ids, unpack(ids))
	end
end

-- Drops records (hash fields indexed by a sorted set) scored before the cutoff.
local function trim_records(records, index, cutoff, limit)
	local expired = redis.call('ZRANGEBYSCORE', index, '-inf', '(' .. string.format('%.0f', cutoff), 'LIMIT', 0, limit)
	if #expired > 0 then
		redis.call('HDEL', records, unpack(expired))
		redis.call('ZREM', index, unpack(expired))
	end
end
