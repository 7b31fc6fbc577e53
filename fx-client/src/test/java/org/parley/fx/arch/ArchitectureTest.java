package org.parley.fx.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.parley.architecture.ArchitectureRules.EVERY_MODULE;
import static org.parley.architecture.ArchitectureRules.checksOf;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.parley.architecture.ArchitectureRules;

/**
 * The layering of the desktop client, and the rules every module follows (among them: only {@code
 * FxUiThread} calls {@code Platform.runLater}). client-core and shared-model check in their own
 * ArchitectureTests that they stay free of JavaFX.
 */
class ArchitectureTest {
    private static final JavaClasses fxClient = ArchitectureRules.mainClassesIn("org.parley.fx");

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

    @TestFactory
    Stream<DynamicTest> followsTheRulesOfEveryModule() {
        return checksOf(EVERY_MODULE, fxClient);
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
