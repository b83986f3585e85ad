package org.bsdsock.socket.provider.ffm;

/**
 * Every hand-over of {@link HandOverTest} across the two engines: the first provider of a test
 * runs on this run's engine, the next on the other, the one after that on this run's again.
 * Blocked callers move from a readiness wait (epoll) to a ring operation (io_uring) and back,
 * partial sendalls go on, listeners accept on the other engine.
 */
class EngineSwitchTest extends HandOverTest {
    @Override
    Engine engineOf(int index) {
        Engine other = TestEngine.ENGINE == Engine.EPOLL ? Engine.URING : Engine.EPOLL;
        return index % 2 == 0 ? TestEngine.ENGINE : other;
    }
}
