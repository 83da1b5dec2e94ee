package io.tributary.processing.alert;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Alert;
import org.jspecify.annotations.Nullable;

/**
 * The alert state of one pipeline in one partition, per state field (rule and key), and what
 * changed since the last checkpoint: the delta a checkpoint writes as upserts and deletes.
 */
final class KeyStates {

	/** Per state field (rule and key): the rule's state for that key. */
	private final Map<String, KeyState> states = new HashMap<>();

	/** States changed since the last checkpoint (forgotten ones included), by field. */
	private final Map<String, KeyState> delta = new HashMap<>();

	private final AlertStateCodec codec;

	KeyStates(AlertStateCodec codec) {
		this.codec = codec;
	}

	@Nullable KeyState get(String field) {
		return this.states.get(field);
	}

	/** A fresh state for {@code field}, not yet kept (see {@link #put}). */
	KeyState create(String field, String rule, String key) {
		KeyState state = new KeyState(rule, key);
		KeyState dropped = this.delta.get(field);
		// the stored state of a forgotten one, not yet deleted, is this one's to overwrite or delete
		state.persisted = dropped != null && dropped.persisted;
		return state;
	}

	void put(String field, KeyState state) {
		this.states.put(field, state);
	}

	/** Marks the state of {@code field} for the next checkpoint. */
	void changed(String field, KeyState state) {
		this.delta.put(field, state);
	}

	/** Drops the state of {@code field}; the next checkpoint deletes what was stored of it. */
	void forget(String field) {
		KeyState state = this.states.remove(field);
		if (state != null) {
			state.forgotten = true;
			this.delta.put(field, state);
		}
	}

	/** A restored state that no rule declares any more: it goes with the next checkpoint. */
	void forgetRestored(String field, KeyState state) {
		state.forgotten = true;
		this.delta.put(field, state);
	}

	/** The kept states by field, for a scan; not to be changed while scanning. */
	Set<Map.Entry<String, KeyState>> entries() {
		return this.states.entrySet();
	}

	/** Adds the state changed since the last call: upserts into {@code meta}, removals into {@code deletes}. */
	void checkpoint(Map<String, String> meta, Set<String> deletes) {
		if (this.delta.isEmpty()) {
			return;
		}
		this.delta.forEach((field, state) -> {
			String name = this.codec.metaField(field);
			if (!state.worthKeeping()) {
				if (this.states.get(field) == state) {
					this.states.remove(field);
				}
				if (state.persisted) {
					deletes.add(name);
				}
			}
			else {
				meta.put(name, this.codec.write(state));
				state.persisted = true;
			}
		});
		this.delta.clear();
	}

	/** The open alerts by id. */
	Map<String, Alert> openAlerts() {
		Map<String, Alert> open = new LinkedHashMap<>();
		this.states.values().forEach((s) -> {
			if (s.open != null) {
				open.put(s.open.id(), s.open);
			}
		});
		return open;
	}

}
