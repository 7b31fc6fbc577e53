package org.parley.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule catches what it is written against (fixtures in this module's tests), and no more. */
class ArchitectureRulesTest {
    private static final String FIXTURES = "org.parley.architecture.fixtures";

    private static JavaClasses fixtures(String pkg) {
        return new ClassFileImporter().importPackages(FIXTURES + "." + pkg);
    }

    private static List<String> violations(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes).getFailureReport().getDetails();
    }

    @Test
    void twoPackagesThatUseEachOtherAreACycle() {
        assertThat(violations(ArchitectureRules.NO_PACKAGE_CYCLES, fixtures("cycle")))
                .singleElement()
                .asString()
                .contains("fixtures.cycle.a", "fixtures.cycle.b");
    }

    @Test
    void printingToStdoutOrAStackTraceOutsideTheLaunchersIsCaught() {
        assertThat(
                        violations(
                                ArchitectureRules.NO_STANDARD_STREAMS_OUTSIDE_LAUNCHERS,
                                fixtures("streams")))
                .anyMatch(v -> v.contains("PrintsToStdout") && v.contains("System.out"))
                .anyMatch(v -> v.contains("PrintsStackTrace") && v.contains("printStackTrace"));
    }

    @Test
    void aLoggerNotNamedLogOrNotStaticIsCaught() {
        assertThat(
                        violations(
                                ArchitectureRules.LOGGERS_ARE_PRIVATE_STATIC_FINAL_FIELDS_NAMED_LOG,
                                fixtures("logging")))
                .anyMatch(v -> v.contains("UpperCaseLoggerName.LOG"))
                .anyMatch(v -> v.contains("InstanceLogger.log") && v.contains("STATIC"));
    }

    @Test
    void javaUtilLoggingAndSystemLoggerAreCaught() {
        assertThat(violations(ArchitectureRules.ONLY_SLF4J_LOGS, fixtures("logging")))
                .anyMatch(v -> v.contains("JavaUtilLogging"))
                .anyMatch(v -> v.contains("SystemLogger"));
    }

    @Test
    void callingOrPassingOnPlatformRunLaterOutsideTheBridgeIsCaught() {
        assertThat(
                        violations(
                                ArchitectureRules.ONLY_THE_FX_BRIDGE_CALLS_PLATFORM_RUN_LATER,
                                fixtures("fx")))
                .anyMatch(v -> v.contains("CallsRunLater"))
                .anyMatch(v -> v.contains("PassesRunLaterOn"));
    }

    @Test
    void aClassThatLogsThroughItsOwnStaticLoggerPassesEveryRule() {
        JavaClasses clean = fixtures("clean");
        for (ArchRule rule :
                List.of(
                        ArchitectureRules.NO_PACKAGE_CYCLES,
                        ArchitectureRules.NO_STANDARD_STREAMS_OUTSIDE_LAUNCHERS,
                        ArchitectureRules.LOGGERS_ARE_PRIVATE_STATIC_FINAL_FIELDS_NAMED_LOG,
                        ArchitectureRules.ONLY_SLF4J_LOGS,
                        ArchitectureRules.ONLY_THE_FX_BRIDGE_CALLS_PLATFORM_RUN_LATER)) {
            assertThat(violations(rule, clean)).as(rule.getDescription()).isEmpty();
        }
    }
}
