package org.bsdsock.socket.provider.ffm;

/**
 * The engine the provider suite runs on: {@code -Dsocket.test.engine=uring} runs it on the
 * io_uring engine, anything else (the default) on epoll. The build runs the suite once per
 * engine, so a behaviour difference between the two is a failing test.
 */
final class TestEngine {
    private TestEngine() {
    }

    /** The engine of this run. */
    static final Engine ENGINE = "uring".equals(System.getProperty("socket.test.engine")) ? Engine.URING : Engine.EPOLL;

    /** @return a provider instance on this run's engine, as the classpath's no-argument constructor makes one */
    static NativeSocketModule module() {
        return module("classpath");
    }

    /** @return a provider instance on this run's engine, for {@code owner} */
    static NativeSocketModule module(String owner) {
        return new NativeSocketModule(owner, ENGINE);
    }

    /**
     * @return whether a frame is the io_uring engine's wait for a completion: a platform thread
     *         in {@code io_uring_enter} on its own ring, a virtual thread parked on its slot
     */
    static boolean ringWait(StackTraceElement f) {
        return (f.getClassName().equals(Uring.class.getName()) && f.getMethodName().equals("runOwn"))
                || (f.getClassName().equals(Uring.Slot.class.getName()) && f.getMethodName().equals("await"));
    }
}
