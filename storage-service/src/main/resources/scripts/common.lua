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

local QUOTE, BACKSLASH, COMMA, COLON = 34, 92, 44, 58
local LBRACE, RBRACE, LBRACKET = 123, 125, 91

-- The index of the closing quote of the JSON string that starts at index i (escapes skipped).
local function string_end(json, i)
	local q = string.find(json, '["\\]', i + 1)
	while string.byte(json, q) == BACKSLASH do
		q = string.find(json, '["\\]', q + 2)
	end
	return q
end

-- Where the JSON value that starts at index i ends (the index of its last character): a string at
-- its closing quote, an object or array at its closing bracket (nested values skipped), anything
-- else before the next , } or ]. Compact JSON, as the contract writes it.
local function value_end(json, i)
	local c = string.byte(json, i)
	if c == QUOTE then
		return string_end(json, i)
	elseif c == LBRACE or c == LBRACKET then
		local depth = 0
		local j = i
		while true do
			local k = string.find(json, '[%[%]{}"]', j)
			local d = string.byte(json, k)
			if d == QUOTE then
				k = string_end(json, k)
			elseif d == LBRACE or d == LBRACKET then
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

-- The members named in wanted (name -> true) of the JSON object that starts at index i: name ->
-- { from (its name's quote), first, last (its value) }. Errors on anything but a compact object.
local function members(json, i, wanted)
	local found = {}
	local j = i + 1
	if string.byte(json, j) == RBRACE then
		return found
	end
	while true do
		local name_end = string_end(json, j)
		if string.byte(json, j) ~= QUOTE or string.byte(json, name_end + 1) ~= COLON then
			error('not an object member at ' .. j)
		end
		local last = value_end(json, name_end + 2)
		local name = string.sub(json, j + 1, name_end - 1)
		if wanted[name] then
			found[name] = { from = j, first = name_end + 2, last = last }
		end
		local after = string.byte(json, last + 1)
		if after == RBRACE then
			return found
		elseif after ~= COMMA then
			error('not an object at ' .. i)
		end
		j = last + 2
	end
end

local PUBLISHED_MEMBERS = { state = true, counts = true }
local LATE_MEMBER = { late = true }

local function edit_published(json, extra_late)
	if string.byte(json, 1) ~= LBRACE then
		error('not an object')
	end
	local top = members(json, 1, PUBLISHED_MEMBERS)
	local published = json
	-- the later member first, so the earlier one's positions stay valid
	local state, counts = top.state, top.counts
	local late = nil
	if extra_late ~= 0 and counts and string.byte(json, counts.first) == LBRACE then
		late = members(json, counts.first, LATE_MEMBER).late
	end
	local function drop_state()
		-- the member and the comma that separates it from its neighbour
		if string.byte(published, state.last + 1) == COMMA then
			published = string.sub(published, 1, state.from - 1) .. string.sub(published, state.last + 2)
		elseif string.byte(published, state.from - 1) == COMMA then
			published = string.sub(published, 1, state.from - 2) .. string.sub(published, state.last + 1)
		else
			published = string.sub(published, 1, state.from - 1) .. string.sub(published, state.last + 1)
		end
	end
	local function add_late()
		local base = tonumber(string.sub(json, late.first, late.last))
		if base then
			published = string.sub(published, 1, late.first - 1) .. string.format('%.0f', base + extra_late)
				.. string.sub(published, late.last + 1)
		end
	end
	if state and late and state.from > late.first then
		drop_state()
		add_late()
	else
		if late then
			add_late()
		end
		if state then
			drop_state()
		end
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
