package io.tributary.support.broker;

/**
 * Marks an exception that says a dependency (Redis, the broker) failed for now: the input that met it
 * is handed back to the broker and will be tried again, so it is no error of the service
 * ({@link DependencyFailures}).
 */
public interface TransientFailure {

}
