package io.tributary.ingestion.api;

/**
 * The answer to a lookup upsert.
 *
 * @param table    the table written
 * @param upserted how many entries were written (inserted or replaced)
 */
record LookupUpserted(String table, int upserted) {
}
