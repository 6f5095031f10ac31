package io.evex.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The boundaries a newcomer relies on, checked on the compiled classes of every module: no
 * package cycle in the runtime modules, a composition root nothing imports back, an engine without
 * video or application code, and exporters (built-in and third-party) written against the API
 * alone.
 */
class ArchitectureIT {

    private static final String[] ENGINE = {
        "io.evex.runtime.event..",
        "io.evex.runtime.bus..",
        "io.evex.runtime.exporter..",
        "io.evex.runtime.negotiation..",
        "io.evex.runtime.template..",
        "io.evex.runtime.process.."
    };

    /** Main code only: test classes (also those in the runtime's test jar) may cross the lines on purpose. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("io.evex", "com.example.evex");

    /**
     * Every package of the runtime modules is a slice of its own (the root package and each
     * sub-package, so {@code analysis} and {@code analysis.track} are two): no class of one may
     * reach back, through any chain of classes, to a package it is reached from.
     */
    @Test
    void runtimePackagesFormNoCycle() {
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass c) {
                        return c.getPackageName().startsWith("io.evex.runtime")
                                ? SliceIdentifier.of(c.getPackageName())
                                : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "each package of the runtime modules";
                    }
                })
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    /** The composition root builds the parts; only the command line, which builds it, knows it. */
    @Test
    void nothingButTheCommandLineImportsTheCompositionRoot() {
        noClasses()
                .that()
                .resideInAPackage("io.evex.runtime..")
                .and()
                .resideOutsideOfPackages("io.evex.runtime", "io.evex.runtime.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.evex.runtime")
                .check(CLASSES);
    }

    /** The engine's packages (its own module) know nothing of video, analysis or the application. */
    @Test
    void theEngineKnowsNoVideoAndNoApplication() {
        noClasses()
                .that()
                .resideInAnyPackage(ENGINE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.evex.runtime",
                        "io.evex.runtime.channel..",
                        "io.evex.runtime.video..",
                        "io.evex.runtime.media..",
                        "io.evex.runtime.analysis..",
                        "io.evex.runtime.extension..",
                        "io.evex.runtime.api..",
                        "io.evex.runtime.http..",
                        "io.evex.runtime.cluster..",
                        "io.evex.runtime.config..",
                        "io.evex.runtime.cli..")
                .check(CLASSES);
    }

    @Test
    void configurationIsReadByNothingButTheCommandLineAndTheRuntimeRoot() {
        noClasses()
                .that()
                .resideInAPackage("io.evex.runtime..")
                .and()
                .resideOutsideOfPackages(
                        "io.evex.runtime",
                        "io.evex.runtime.config..",
                        "io.evex.runtime.reconfig..",
                        "io.evex.runtime.cli..")
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
