package org.parley.fx.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of the desktop client, and that the headless modules stay free of JavaFX. */
class ArchitectureTest {
    private static JavaClasses fxClient;
    private static JavaClasses headless;

    @BeforeAll
    static void importClasses() {
        fxClient =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.parley.fx");
        // client-core and shared-model come in as jars (or target/classes) on the test class path.
        headless =
                new ClassFileImporter()
                        .importPackages(
                                "org.parley.client", "org.parley.model", "org.parley.crypto");
    }

    /** A View, or a class nested in one, or a list cell of a view. */
    private static final DescribedPredicate<JavaClass> VIEW_LAYER =
            new DescribedPredicate<>("are views or cells") {
                @Override
                public boolean test(JavaClass c) {
                    String outer =
                            c.getName().contains("$")
                                    ? c.getName().substring(0, c.getName().indexOf('$'))
                                    : c.getName();
                    String simple = outer.substring(outer.lastIndexOf('.') + 1);
                    return simple.endsWith("View") || simple.endsWith("Cell");
                }
            };

    @Test
    void clientCoreAndSharedModelDoNotImportJavaFx() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javafx..")
                .because(
                        "client-core and shared-model are headless: the CLI, the tests and the benchmarks run them"
                                + " without a display")
                .check(headless);
    }

    @Test
    void theHeadlessModulesWereActuallyImported() {
        // guards the rule above against passing vacuously
        org.assertj.core.api.Assertions.assertThat(headless.containPackage("org.parley.client"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(headless.containPackage("org.parley.model"))
                .isTrue();
    }

    @Test
    void viewsDoNotCallClientCore() {
        noClasses()
                .that(VIEW_LAYER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.parley.client..")
                .because("views bind to ViewModels; only ViewModels talk to client-core")
                .check(fxClient);
    }

    @Test
    void viewModelsDoNotUseSceneGraphOrViews() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..")
                .orShould()
                .dependOnClassesThat(VIEW_LAYER)
                .because(
                        "ViewModels hold state and call client-core; they stay testable without a toolkit")
                .check(fxClient);
    }

    @Test
    void onlyTheUiThreadBridgeHandsWorkToTheFxThread() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("org.parley.fx.common.FxUiThread")
                .should()
                .callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .because(
                        "exactly one bridge onto the FX thread: everything else goes through UiThread")
                .check(fxClient);
    }

    @Test
    void viewModelsLiveInTheScreensPackages() {
        classes()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .resideInAnyPackage(
                        "org.parley.fx.login",
                        "org.parley.fx.main",
                        "org.parley.fx.chat",
                        "org.parley.fx.conversations",
                        "org.parley.fx.contact",
                        "org.parley.fx.group")
                .because("each screen keeps its View and ViewModel together in one package")
                .check(fxClient);
    }
}
