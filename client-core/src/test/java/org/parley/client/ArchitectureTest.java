package org.parley.client;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.parley.architecture.ArchitectureRules;

/**
 * client-core's main classes follow the rules every module follows (but the cycle rule, for now),
 * and stay headless.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = ArchitectureRules.mainClassesIn("org.parley.client");

    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        // TODO(#14): drop this filter (check NO_PACKAGE_CYCLES too) once client-core's new package
        // layout is in.
        return ArchitectureRules.EVERY_MODULE.stream()
                .filter(rule -> rule != ArchitectureRules.NO_PACKAGE_CYCLES)
                .map(rule -> dynamicTest(rule.getDescription(), () -> rule.check(CLASSES)));
    }

    @Test
    void staysHeadless() {
        ArchitectureRules.HEADLESS.check(CLASSES);
    }
}
