package org.parley.architecture;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The rules every module's {@code ArchitectureTest} applies to its own classes: it imports them
 * with {@link #mainClassesIn} and runs {@link #EVERY_MODULE} as one dynamic test a rule with {@link
 * #checksOf} (and names further rules one by one), so a violation fails that module's build in
 * {@code ./mvnw verify}.
 */
public final class ArchitectureRules {

    /**
     * The classes that may write to {@code System.out} and {@code System.err} (and nested classes
     * and lambdas in them): what talks to a terminal or to a parent process on purpose. Everything
     * else logs.
     */
    public static final Set<String> LAUNCHERS =
            Set.of(
                    // parley-server's picocli command and its run-until-Ctrl-C loop (a failed
                    // shutdown is reported on stderr: logging may already be stopped then)
                    "org.parley.auth.cli.ParleyServerCommand",
                    "org.parley.auth.cli.UntilStopped",
                    // parley-cli, the picocli command line of client-core
                    "org.parley.client.cli.ParleyCli",
                    // the JavaFX application: reports a failed ready file of a measured cold start
                    "org.parley.fx.app.ParleyApp",
                    // the benchmark: its main prints the result tables; its child processes
                    // report their results to the parent on stdout
                    "org.parley.bench.BenchMain",
                    "org.parley.bench.ConnectionClients",
                    "org.parley.bench.Footprint");

    /** The one class that hands work to the JavaFX application thread. */
    public static final String FX_BRIDGE = "org.parley.fx.common.FxUiThread";

    /** Slices are the packages under org.parley: each package (not its subtree) is one slice. */
    public static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("org.parley.(**)")
                    .should()
                    .beFreeOfCycles()
                    .because(
                            "packages that need each other cannot be read, tested or moved one at"
                                    + " a time; point the dependency one way");

    public static final ArchRule NO_STANDARD_STREAMS_OUTSIDE_LAUNCHERS =
            noClasses()
                    .that(areNotInAnyOf(LAUNCHERS))
                    .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                    .because(
                            "only launchers, the command lines and the benchmark's reporters talk to"
                                    + " the terminal; everything else logs through SLF4J, where the"
                                    + " operator chooses what to keep");

    public static final ArchRule LOGGERS_ARE_PRIVATE_STATIC_FINAL_FIELDS_NAMED_LOG =
            fields().that()
                    .haveRawType("org.slf4j.Logger")
                    .should()
                    .bePrivate()
                    .andShould()
                    .beStatic()
                    .andShould()
                    .beFinal()
                    .andShould()
                    .haveName("log")
                    .because(
                            "one logger idiom in every class: private static final Logger log ="
                                    + " LoggerFactory.getLogger(TheClass.class)")
                    .allowEmptyShould(true);

    public static final ArchRule ONLY_SLF4J_LOGS =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("java.util.logging..")
                    .orShould()
                    .dependOnClassesThat()
                    .haveFullyQualifiedName("java.lang.System$Logger")
                    .because(
                            "everything logs through SLF4J, so one configuration (logback) decides"
                                    + " what is written where");

    public static final ArchRule ONLY_THE_FX_BRIDGE_CALLS_PLATFORM_RUN_LATER =
            noClasses()
                    .that(areNotInAnyOf(Set.of(FX_BRIDGE)))
                    .should()
                    .accessTargetWhere(
                            target(
                                    DescribedPredicate.describe(
                                            "javafx.application.Platform.runLater",
                                            t ->
                                                    t.getOwner()
                                                                    .getName()
                                                                    .equals(
                                                                            "javafx.application.Platform")
                                                            && t.getName().equals("runLater"))))
                    .because(
                            "exactly one bridge onto the FX thread ("
                                    + FX_BRIDGE
                                    + "): everything else is handed a UiThread, which tests replace");

    /**
     * For the modules below fx-client only, so not an {@code @ArchTest} of every module:
     * client-core and shared-model name it themselves.
     */
    public static final ArchRule HEADLESS =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("javafx..")
                    .because(
                            "the modules below the desktop client are headless: the servers, the CLI,"
                                    + " the tests and the benchmarks run them without a display");

    /** What every module's ArchitectureTest checks. */
    public static final List<ArchRule> EVERY_MODULE =
            List.of(
                    NO_PACKAGE_CYCLES,
                    NO_STANDARD_STREAMS_OUTSIDE_LAUNCHERS,
                    LOGGERS_ARE_PRIVATE_STATIC_FINAL_FIELDS_NAMED_LOG,
                    ONLY_SLF4J_LOGS,
                    ONLY_THE_FX_BRIDGE_CALLS_PLATFORM_RUN_LATER);

    /** What the modules below fx-client check: every module's rules, and {@link #HEADLESS}. */
    public static final List<ArchRule> EVERY_HEADLESS_MODULE =
            Stream.concat(EVERY_MODULE.stream(), Stream.of(HEADLESS)).toList();

    private ArchitectureRules() {}

    /** A module's own classes under {@code packages}, without its tests. */
    public static JavaClasses mainClassesIn(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /**
     * One dynamic test for each of {@code rules}, named by the rule, that checks it on {@code
     * classes}: a module's {@code @TestFactory} returns {@code checksOf(EVERY_MODULE, classes)}.
     */
    public static Stream<DynamicTest> checksOf(List<ArchRule> rules, JavaClasses classes) {
        return rules.stream()
                .map(rule -> dynamicTest(rule.getDescription(), () -> rule.check(classes)));
    }

    /**
     * Neither one of {@code names} nor a class nested in one (inner classes, anonymous classes).
     */
    private static DescribedPredicate<JavaClass> areNotInAnyOf(Set<String> names) {
        return DescribedPredicate.describe(
                "are not any of " + names.stream().sorted().toList() + " or nested in them",
                c -> {
                    String name = c.getName();
                    int nested = name.indexOf('$');
                    return !names.contains(nested < 0 ? name : name.substring(0, nested));
                });
    }
}
