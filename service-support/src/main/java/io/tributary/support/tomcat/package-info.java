/**
 * The HTTP services' Tomcat: what it refuses before Spring MVC (malformed request lines, paths and
 * headers) is answered as problem details too, encoded slashes reach the controllers, and a request
 * line with its headers has a total deadline.
 */
@NullMarked
package io.tributary.support.tomcat;

import org.jspecify.annotations.NullMarked;
