/**
 * What the tests ask Linux about their own process: the open descriptors and their flags
 * ({@code /proc/self/fd}, {@code /proc/self/fdinfo}), whether a thread is inside a blocking
 * call (its stack, and for a platform thread the system call its task sleeps in), and the
 * live threads, virtual ones included (a thread dump). One home for what the provider's unit
 * tests and the integration tests in Felix both need; test support only.
 */
@Export
@Version("1.0.0")
package org.bsdsock.socket.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
