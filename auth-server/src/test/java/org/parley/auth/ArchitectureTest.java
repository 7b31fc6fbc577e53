package org.parley.auth;

import static org.parley.architecture.ArchitectureRules.EVERY_MODULE;
import static org.parley.architecture.ArchitectureRules.NO_PACKAGE_CYCLES;
import static org.parley.architecture.ArchitectureRules.checksOf;
import static org.parley.architecture.ArchitectureRules.mainClassesIn;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * auth-server's main classes follow the rules every module follows (but the cycle rule, for now).
 */
class ArchitectureTest {
    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        // TODO(#14): check NO_PACKAGE_CYCLES too once its cycles are broken: org.parley.auth holds
        // both the wiring (AuthServer, SessionLogout) that uses admin, directory, groups and http,
        // and what those use (ApiException, StoreUnavailableException, RevokedTokens, ...).
        return checksOf(
                EVERY_MODULE.stream().filter(rule -> rule != NO_PACKAGE_CYCLES).toList(),
                mainClassesIn("org.parley.auth"));
    }
}
