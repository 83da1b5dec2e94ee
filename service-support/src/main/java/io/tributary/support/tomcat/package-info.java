/**
 * The HTTP services' Tomcat: what it refuses before Spring MVC (malformed request lines, paths and
 * headers) is answered as problem details too, and encoded slashes reach the controllers.
 */
@NullMarked
package io.tributary.support.tomcat;

import org.jspecify.annotations.NullMarked;
