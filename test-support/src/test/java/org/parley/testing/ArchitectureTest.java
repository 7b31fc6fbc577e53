package org.parley.testing;

import static org.parley.architecture.ArchitectureRules.EVERY_MODULE;
import static org.parley.architecture.ArchitectureRules.checksOf;
import static org.parley.architecture.ArchitectureRules.mainClassesIn;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** test-support's main classes follow the rules every module follows. */
class ArchitectureTest {
    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        return checksOf(EVERY_MODULE, mainClassesIn("org.parley.testing"));
    }
}
