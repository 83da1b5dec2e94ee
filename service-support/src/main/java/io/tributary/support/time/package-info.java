/**
 * Time as a service lives it: waits whose timeout a pause of the whole process (SIGSTOP, a VM
 * migration, a long GC) does not use up.
 */
@NullMarked
package io.tributary.support.time;

import org.jspecify.annotations.NullMarked;
