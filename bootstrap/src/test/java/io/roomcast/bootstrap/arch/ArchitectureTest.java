package io.roomcast.bootstrap.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds roomcast's main code (every module is on bootstrap's test classpath) to the dependency
 * rules, and proves each rule bites by running it on {@code archfixture.roomcast}, a handful of
 * test classes that break them. {@code failOnEmptyShould} stays on (ArchUnit's default).
 */
class ArchitectureTest {
    private static JavaClasses production;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                // Test support (the roomcast-testing module) is main code only so that test scopes can share it.
                .withImportOption(location -> !location.contains("/io/roomcast/testing/"))
                .importPackages("io.roomcast");
        fixtures = new ClassFileImporter().importPackages("archfixture.roomcast");
    }

    @TestFactory
    Iterable<DynamicTest> productionCode_followsEveryRule() {
        return new ArchitectureRules("io.roomcast").all().entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(production)))
                .toList();
    }

    @Test
    void everyPackageTheRulesName_holdsClasses() {
        for (String pkg : new ArchitectureRules("io.roomcast").namedPackages()) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)
                    && !c.getSimpleName().equals("package-info")))
                    .as("package %s exists and holds classes", pkg).isTrue();
        }
    }

    @TestFactory
    Iterable<DynamicTest> everyLayerRule_reportsAViolationOnClassesThatBreakIt() {
        Map<String, ArchRule> rules = new ArchitectureRules("archfixture.roomcast").all();
        return rules.entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> {
                    EvaluationResult result = rule.getValue().evaluate(fixtures);
                    assertThat(result.hasViolation()).as("rule '%s' must report the fixture's violation", rule.getKey())
                            .isTrue();
                }))
                .toList();
    }
}
