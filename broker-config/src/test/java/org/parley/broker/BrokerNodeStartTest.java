package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerNodeStartTest {

    @TempDir Path dataDir;

    @Test
    void startFailsAtOnceNamingThePortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BrokerNodeConfig config =
                    TestSupport.config("clash", dataDir, taken.getLocalPort(), List.of()).build();
            BrokerNode node = new BrokerNode(config, TestSupport.CLOCK);
            long start = System.nanoTime();
            assertThatThrownBy(node::start)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
            assertThat(node.isRunning()).isFalse();
            node.close();
        }
    }

    @Test
    void startingARunningNodeAgainIsRefused() throws Exception {
        try (BrokerNode node = TestSupport.startNode("twice", dataDir)) {
            assertThatThrownBy(node::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
            assertThat(node.isClusterFormed(1)).isTrue();
        }
    }
}
