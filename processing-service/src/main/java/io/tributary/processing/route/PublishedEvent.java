package io.tributary.processing.route;

import io.tributary.contract.Event;
import org.jspecify.annotations.Nullable;

/**
 * An accepted event and the name of the API key whose HTTP request published it (the batch's
 * {@code x-tributary-api-key-name} header), which the dead letters made of it carry.
 *
 * @param apiKey the key's name, or null for events of broker publishers (and of older messages)
 */
public record PublishedEvent(Event event, @Nullable String apiKey) {
}
