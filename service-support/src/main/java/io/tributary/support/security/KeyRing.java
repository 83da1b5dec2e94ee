package io.tributary.support.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys in force: the configured ones and those of the keys file, which is checked for changes at
 * most once per {@code checkInterval} (on a lookup, no thread of its own) and taken again when its
 * text changed, so keys are added or revoked without a restart (a Kubernetes Secret volume swaps a
 * symbolic link, which a modification time would not always show). A
 * file that disappears takes its keys with it; a file that cannot be parsed leaves the keys it had
 * before in force and is reported as an error until it is fixed.
 */
final class KeyRing {

	private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

	private final List<ApiKey> configured;

	private final @Nullable Path file;

	private final long checkIntervalNanos;

	private final LongSupplier nanoTime;

	private volatile List<ApiKey> keys;

	/** The file's text when it was last read; it is read again on each check, it is small. */
	private volatile @Nullable String lastText;

	private volatile long nextCheck;

	KeyRing(List<ApiKey> configured, @Nullable Path file, Duration checkInterval) {
		this(configured, file, checkInterval, System::nanoTime);
	}

	KeyRing(List<ApiKey> configured, @Nullable Path file, Duration checkInterval, LongSupplier nanoTime) {
		this.configured = List.copyOf(configured);
		this.file = file;
		this.checkIntervalNanos = checkInterval.toNanos();
		this.nanoTime = nanoTime;
		this.keys = this.configured;
		if (file != null) {
			reload(file);
		}
		this.nextCheck = nanoTime.getAsLong() + this.checkIntervalNanos;
	}

	/** The key whose digest is the presented key's, if one is in force; every key is compared. */
	@Nullable ApiKey find(String presented) {
		byte[] digest = KeyDigest.bytes(presented);
		ApiKey found = null;
		for (ApiKey key : current()) {
			if (key.matches(digest)) {
				found = key;
			}
		}
		return found;
	}

	/** Whether this key (name and digest) is still in force: a browser session ends when its key is revoked. */
	boolean holds(String name, byte[] digest) {
		for (ApiKey key : current()) {
			if (key.name().equals(name) && key.matches(digest)) {
				return true;
			}
		}
		return false;
	}

	/** The keys in force now, after a check of the keys file if one is due. */
	List<ApiKey> current() {
		Path path = this.file;
		if (path != null && this.nanoTime.getAsLong() - this.nextCheck >= 0) {
			synchronized (this) {
				if (this.nanoTime.getAsLong() - this.nextCheck >= 0) {
					this.nextCheck = this.nanoTime.getAsLong() + this.checkIntervalNanos;
					reloadIfChanged(path);
				}
			}
		}
		return this.keys;
	}

	private void reloadIfChanged(Path path) {
		reload(path);
	}

	private void reload(Path path) {
		String text;
		try {
			text = Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			if (this.lastText != null || this.keys != this.configured) {
				log.warn("Keys file {} does not exist: only the {} configured key(s) are in force", path,
						this.configured.size());
			}
			this.keys = this.configured;
			this.lastText = null;
			return;
		}
		catch (IOException ex) {
			log.error("Keys file {} could not be read, the keys read before stay in force: {}", path, ex.toString());
			return;
		}
		if (text.equals(this.lastText)) {
			return;
		}
		this.lastText = text;
		try {
			List<ApiKey> fromFile = KeysFile.parse(text);
			List<ApiKey> all = new ArrayList<>(this.configured);
			all.addAll(fromFile);
			this.keys = List.copyOf(all);
			log.info("Keys file {} read: {} key(s) {}", path, fromFile.size(), fromFile.stream().map(ApiKey::name).toList());
		}
		catch (IllegalArgumentException ex) {
			log.error("Keys file {} is not valid, the keys read before stay in force: {}", path, ex.getMessage());
		}
	}

}
