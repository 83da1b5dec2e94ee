/**
 * Failed alert deliveries resent by an operator once the receiver is fixed: a failure record storage
 * kept turned back into a delivery job for its target, one record by its id or every record of one
 * target, each record at most once. Hosted by ingestion with the platform's other operator writes
 * (dead-letter redrives, lookups); the query service, which lists the records, only reads.
 */
@NullMarked
package io.tributary.ingestion.alertdelivery;

import org.jspecify.annotations.NullMarked;
