package org.parley.it;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.parley.architecture.ArchitectureRules;

/**
 * integration-tests's classes (tests and their helpers: the module has no main code) follow the
 * rules every module follows.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES =
            new ClassFileImporter().importPackages("org.parley.it");

    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        return ArchitectureRules.EVERY_MODULE.stream()
                .map(rule -> dynamicTest(rule.getDescription(), () -> rule.check(CLASSES)));
    }
}
