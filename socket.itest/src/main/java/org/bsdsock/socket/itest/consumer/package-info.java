/**
 * Test components that live in Felix during the integration tests: a consumer that uses the
 * whole socket API through DS injection. Exported so that Pax Exam's probe can call it.
 */
@Export
@Version("1.0.0")
package org.bsdsock.socket.itest.consumer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
