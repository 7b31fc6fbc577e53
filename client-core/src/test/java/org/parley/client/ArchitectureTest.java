package org.parley.client;

import static org.parley.architecture.ArchitectureRules.EVERY_HEADLESS_MODULE;
import static org.parley.architecture.ArchitectureRules.checksOf;
import static org.parley.architecture.ArchitectureRules.mainClassesIn;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** client-core's main classes follow the rules every module follows, and stay headless. */
class ArchitectureTest {
    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModuleAndStaysHeadless() {
        return checksOf(EVERY_HEADLESS_MODULE, mainClassesIn("org.parley.client"));
    }
}
