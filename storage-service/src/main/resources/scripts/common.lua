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

-- A stored result JSON with extra late events added to counts.late. The contract's WindowResult
-- serialises counts last, so the top-level counts object is the last "counts": before the final
-- brace; a key or pipeline name cannot fake it because quotes inside strings are escaped.
local function with_late(json, extra)
	if extra == nil or extra == 0 then
		return json
	end
	local head, counts = string.match(json, '^(.*"counts":)(%b{})}$')
	if head == nil then
		return json
	end
	local base = tonumber(string.match(counts, '"late":(%d+)')) or 0
	counts = string.gsub(counts, '"late":%d+', '"late":' .. string.format('%.0f', base + extra), 1)
	return head .. counts .. '}'
end

-- A stored result as change notifications carry it: without the accumulators' state, which is the
-- last member when present (the contract's WindowResult writes it after counts).
local function without_state(json)
	local head = string.match(json, '^(.*),"state":%b{}}$')
	if head == nil then
		return json
	end
	return head .. '}'
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
