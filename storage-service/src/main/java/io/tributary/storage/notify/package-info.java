/**
 * Delivers stored alert revisions to the notification targets their rules name: reads the delivery
 * jobs the alert script wrote, POSTs each revision signed and with an idempotency key, retries with
 * back-off, and records what failed its last attempt. Runs beside the write path, never in it.
 */
@NullMarked
package io.tributary.storage.notify;

import org.jspecify.annotations.NullMarked;
