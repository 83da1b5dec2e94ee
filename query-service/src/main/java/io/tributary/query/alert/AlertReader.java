package io.tributary.query.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.tributary.contract.Alert;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a pipeline's alerts: a hash of id to the newest revision's JSON, an index of all ids and a
 * set of the open ones, both scored by the start of the window the alert opened on.
 */
@Component
class AlertReader {

	/** How many ids one read scans at most while filtering by key or status. */
	static final int MAX_SCANNED = 10_000;

	private static final int CHUNK = 500;

	private final StringRedisTemplate redis;

	private final HashOperations<String, String, String> hashes;

	private final RedisKeys keys;

	AlertReader(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.hashes = redis.opsForHash();
		this.keys = keys;
	}

	/** Which alerts a list shows. */
	enum Status {

		OPEN, RESOLVED, ALL;

		static @Nullable Status parse(@Nullable String text) {
			if (text == null || text.isBlank()) {
				return ALL;
			}
			try {
				return valueOf(text.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

	/** Up to {@code limit} alerts of the pipeline, newest opening first, filtered by status and key. */
	List<Alert> alerts(String pipeline, Status status, @Nullable String key, int limit) {
		String index = (status == Status.OPEN) ? this.keys.openAlerts(pipeline) : this.keys.alertIndex(pipeline);
		List<Alert> alerts = new ArrayList<>();
		for (long from = 0; from < MAX_SCANNED && alerts.size() < limit; from += CHUNK) {
			Set<String> ids = this.redis.opsForZSet().reverseRange(index, from, from + CHUNK - 1);
			if (ids == null || ids.isEmpty()) {
				break;
			}
			List<String> wanted = new ArrayList<>(ids.size());
			for (String id : ids) {
				// ids are rule|key|start: skip other keys without reading them
				if (key == null || id.contains("|" + key + "|")) {
					wanted.add(id);
				}
			}
			if (!wanted.isEmpty()) {
				List<String> json = this.hashes.multiGet(this.keys.alerts(pipeline), wanted);
				for (int i = 0; i < wanted.size() && alerts.size() < limit; i++) {
					String text = json.get(i);
					if (text == null) {
						// trimmed between the two reads
						continue;
					}
					Alert alert = parse(pipeline, wanted.get(i), text);
					if ((key == null || alert.key().equals(key)) && matches(status, alert)) {
						alerts.add(alert);
					}
				}
			}
			if (ids.size() < CHUNK) {
				break;
			}
		}
		return alerts;
	}

	/** Number of open alerts of the pipeline. */
	long openCount(String pipeline) {
		Long count = this.redis.opsForZSet().zCard(this.keys.openAlerts(pipeline));
		return (count != null) ? count : 0;
	}

	private static boolean matches(Status status, Alert alert) {
		return switch (status) {
			case ALL -> true;
			case OPEN -> alert.isOpen();
			case RESOLVED -> !alert.isOpen();
		};
	}

	private static Alert parse(String pipeline, String id, String json) {
		try {
			return WireFormat.read(json, Alert.class);
		}
		catch (IllegalArgumentException ex) {
			throw new UnreadableRecordException("The alert '" + id + "' of pipeline '" + pipeline + "'", ex);
		}
	}

}
