/**
 * Broker behaviour the services share: which binder they run on ({@link BinderChoice}), sending to
 * bound outputs ({@link BoundOutputs}) and waiting until the broker holds what was sent
 * ({@link ConfirmedOutputs}, {@link ConfirmedRabbitTemplate}, {@link PendingConfirms}). Needs
 * {@code spring-cloud-stream} and {@code spring-rabbit}, optional dependencies of this module that
 * the services bring with the binders.
 */
@NullMarked
package io.tributary.support.broker;

import org.jspecify.annotations.NullMarked;
