package org.parley.it;

import static org.parley.architecture.ArchitectureRules.EVERY_MODULE;
import static org.parley.architecture.ArchitectureRules.checksOf;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * integration-tests's classes (tests and their helpers: the module has no main code) follow the
 * rules every module follows.
 */
class ArchitectureTest {
    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        return checksOf(EVERY_MODULE, new ClassFileImporter().importPackages("org.parley.it"));
    }
}
