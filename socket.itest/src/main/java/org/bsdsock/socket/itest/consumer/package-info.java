/**
 * Test components that live in Felix during the integration tests: a consumer that uses the
 * whole socket API through DS injection, a consumer that survives its provider coming and
 * going, and a second provider of higher rank. Exported so that Pax Exam's probe can call them.
 */
@Export
@Version("1.0.0")
package org.bsdsock.socket.itest.consumer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
