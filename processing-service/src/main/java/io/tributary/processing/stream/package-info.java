/**
 * The broker-facing stages: {@code route} (events to keyed events) and {@code window} (keyed events
 * to checkpointed state and results), plus the clock that closes windows when no input arrives.
 * The window stage ({@code WindowStage}) is composed of its partition slots ({@code PartitionSlots}),
 * input decoding and dead letters ({@code KeyedInput}), the lease wait ({@code LeaseWait}), the
 * commit of checkpoint, outbox and publish ({@code Checkpointer}) and its lifecycle
 * ({@code WindowStageLifecycle}).
 */
@NullMarked
package io.tributary.processing.stream;

import org.jspecify.annotations.NullMarked;
