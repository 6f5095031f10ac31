package io.evex.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries a newcomer relies on, checked on the compiled classes of every module: no
 * package cycle in the runtime, and exporters (built-in and third-party) written against the API
 * alone.
 */
class ArchitectureIT {

    /** Main code only: test classes (also those in the runtime's test jar) may cross the lines on purpose. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("io.evex", "com.example.evex");

    @Test
    void runtimePackagesFormNoCycle() {
        slices().matching("io.evex.runtime.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void busSubPackagesFormNoCycle() {
        slices().matching("io.evex.runtime.bus.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void configurationIsReadByNothingButTheCommandLineAndTheRuntimeRoot() {
        noClasses()
                .that()
                .resideInAPackage("io.evex.runtime..")
                .and()
                .resideOutsideOfPackages("io.evex.runtime", "io.evex.runtime.config..", "io.evex.runtime.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.evex.runtime.config..")
                .check(CLASSES);
    }

    @Test
    void exportersUseTheApiNotTheRuntime() {
        noClasses()
                .that()
                .resideInAnyPackage("io.evex.exporters..", "com.example.evex..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.evex.runtime..", "io.evex.schemas..")
                .check(CLASSES);
    }

    @Test
    void theApiDependsOnNoOtherEvexModule() {
        noClasses()
                .that()
                .resideInAPackage("io.evex.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.evex.runtime..", "io.evex.schemas..", "io.evex.exporters..")
                .check(CLASSES);
    }
}
