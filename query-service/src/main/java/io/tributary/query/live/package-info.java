/**
 * Live results: Server-Sent Events from a pipeline's feed, the capped Redis stream storage appends
 * every result revision to. Any replica can serve any client, and a client that reconnects with the
 * id it saw last ({@code Last-Event-ID}) continues without a gap.
 */
@NullMarked
package io.tributary.query.live;

import org.jspecify.annotations.NullMarked;
