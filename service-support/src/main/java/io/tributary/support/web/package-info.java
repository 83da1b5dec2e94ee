/** The HTTP error answers of the services' APIs: one problem-details shape for all of them. */
@NullMarked
package io.tributary.support.web;

import org.jspecify.annotations.NullMarked;
