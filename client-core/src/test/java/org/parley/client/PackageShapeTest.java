package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * client-core's shape: a small public API on top (ArchitectureTest checks that no packages loop).
 */
class PackageShapeTest {
    private static final int MAX_TOP_LEVEL_TYPES = 15;

    private static JavaClasses clientCore;

    @BeforeAll
    static void importClasses() {
        clientCore =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.parley.client");
    }

    @Test
    void topPackageHoldsAtMostFifteenTypes() {
        List<String> topLevel =
                clientCore.stream()
                        .filter(c -> c.getPackageName().equals("org.parley.client"))
                        .filter(JavaClass::isTopLevelClass)
                        .map(JavaClass::getSimpleName)
                        .sorted()
                        .toList();
        assertThat(topLevel)
                .as("types in org.parley.client, the public API")
                .hasSizeLessThanOrEqualTo(MAX_TOP_LEVEL_TYPES);
    }
}
