package org.bsdsock.socket.itest;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.util.List;
import javax.inject.Inject;
import org.bsdsock.socket.itest.consumer.WholeApiConsumer;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** A consumer bundle uses the whole seed API through DS injection inside Felix. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WholeApiInFelixIT {

    @Inject
    private WholeApiConsumer consumer;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix(bundle(FelixOptions.consumerBundle()));
    }

    @Test
    public void everyFunctionAndMethodThroughTheInjectedService() throws Exception {
        List<String> checked = consumer.exercise();
        for (String call : List.of("socket", "fromfd", "gethostbyname", "gethostbyname_ex", "gethostname",
                "gethostbyaddr", "getprotobyname", "getservbyname", "ntohl", "ntohs", "htonl", "htons",
                "inet_aton", "inet_ntoa", "accept", "bind", "close", "connect", "connect_ex", "fileno",
                "getpeername", "getsockname", "getsockopt", "listen", "makefile", "recv", "recvfrom",
                "send", "sendto", "setblocking", "setsockopt", "shutdown", "settimeout", "gettimeout",
                "recv_into", "recvfrom_into", "sendall", "AF_UNIX")) {
            assertTrue(call + " not exercised", checked.contains(call));
        }
    }
}
