package org.parley.client;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.parley.architecture.ArchitectureRules;

/** client-core's main classes follow the rules every module follows, and stay headless. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = ArchitectureRules.mainClassesIn("org.parley.client");

    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        return ArchitectureRules.EVERY_MODULE.stream()
                .map(rule -> dynamicTest(rule.getDescription(), () -> rule.check(CLASSES)));
    }

    @Test
    void staysHeadless() {
        ArchitectureRules.HEADLESS.check(CLASSES);
    }
}
