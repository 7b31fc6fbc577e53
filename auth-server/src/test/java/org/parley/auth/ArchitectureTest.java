package org.parley.auth;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.parley.architecture.ArchitectureRules;

/** auth-server's main classes follow the rules every module follows. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = ArchitectureRules.mainClassesIn("org.parley.auth");

    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        return ArchitectureRules.EVERY_MODULE.stream()
                .map(rule -> dynamicTest(rule.getDescription(), () -> rule.check(CLASSES)));
    }
}
