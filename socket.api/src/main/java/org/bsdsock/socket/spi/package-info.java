/**
 * The provider SPI: what a socket provider and the socket objects consumers hold agree on, so
 * that the objects outlive the provider that made them.
 *
 * <p>Consumers of the module never use this package. A provider wraps each socket it makes
 * in a {@link org.bsdsock.socket.spi.KeptSocket} ({@link org.bsdsock.socket.spi.SocketKeeper#keep})
 * and hands that to its caller; the kept socket forwards every call to the provider's
 * {@link org.bsdsock.socket.spi.ProviderSocket}. When the provider goes away (its bundle is
 * updated, stopped, or its consumers move to a provider of higher rank), it hands each
 * descriptor over to the keeper instead of closing it ({@link org.bsdsock.socket.spi.ProviderSocket#handOver});
 * the next provider to serve the same owner adopts it ({@link org.bsdsock.socket.spi.SocketKeeper#adoptAll}),
 * and the kept socket's callers, blocked ones included, go on on the new provider. This
 * package lives in the API bundle because the kept sockets must not update with a provider.
 *
 * <p>Providers import this package with the range {@code [1.1,1.2)}. Version 1.1 added what a
 * call made again after a hand-over needs to end as it would have: its deadline
 * ({@link org.bsdsock.socket.spi.CallDeadline}, {@link org.bsdsock.socket.spi.HandedOverException#deadline})
 * and the bytes a {@code sendfile} had read from a sequential input and not yet sent
 * ({@link org.bsdsock.socket.spi.HandedOverException#unsent}).
 */
@Export
@Version("1.1.0")
package org.bsdsock.socket.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
