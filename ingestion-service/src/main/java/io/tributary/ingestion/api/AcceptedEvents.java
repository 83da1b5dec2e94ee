package io.tributary.ingestion.api;

import java.util.List;

/**
 * The answer to an accepted ingestion request.
 *
 * @param accepted how many events were accepted
 * @param ids      their ids, in request order
 */
record AcceptedEvents(int accepted, List<String> ids) {
}
