package org.parley.auth;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.parley.architecture.ArchitectureRules;

/**
 * auth-server's main classes follow the rules every module follows (but the cycle rule, for now).
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = ArchitectureRules.mainClassesIn("org.parley.auth");

    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        // TODO(#14): check NO_PACKAGE_CYCLES too once its cycles are broken: org.parley.auth holds
        // both the wiring (AuthServer, SessionLogout) that uses admin, directory, groups and http,
        // and what those use (ApiException, StoreUnavailableException, RevokedTokens, ...).
        return ArchitectureRules.EVERY_MODULE.stream()
                .filter(rule -> rule != ArchitectureRules.NO_PACKAGE_CYCLES)
                .map(rule -> dynamicTest(rule.getDescription(), () -> rule.check(CLASSES)));
    }
}
