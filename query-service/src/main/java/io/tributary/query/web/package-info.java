/**
 * HTTP plumbing shared by every endpoint: request parameter parsing and the RFC 9457 problem
 * details that every error becomes.
 */
@NullMarked
package io.tributary.query.web;

import org.jspecify.annotations.NullMarked;
