package org.parley.broker;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose tests share one running node, named after the class: started before the first
 * test, closed after the last.
 */
abstract class OneNodeTest {
    @TempDir static Path dataDir;
    static BrokerNode node;

    @BeforeAll
    static void startNode(TestInfo testClass) throws Exception {
        node =
                TestSupport.startNode(
                        testClass.getTestClass().orElseThrow().getSimpleName(), dataDir);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
