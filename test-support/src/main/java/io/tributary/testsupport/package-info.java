/** Test infrastructure shared by the services' integration tests and the system tests. */
@NullMarked
package io.tributary.testsupport;

import org.jspecify.annotations.NullMarked;
