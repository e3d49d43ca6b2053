package io.roomcast.bootstrap.arch;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency rules of roomcast (STYLE.md), written against a root package so the same rules
 * run on the real code ({@code io.roomcast}) and on a small set of classes that break each of
 * them ({@code archfixture.roomcast}), proving they report what they should.
 */
final class ArchitectureRules {
    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    private String pkg(String sub) {
        return root + "." + sub + "..";
    }

    /** The packages the rules name; each must hold classes, or a rule would check nothing. */
    List<String> namedPackages() {
        return List.of(root + ".domain", root + ".application", root + ".application.service",
                root + ".application.push", root + ".application.store", root + ".application.memory",
                root + ".adapters.http", root + ".adapters.redis", root + ".adapters.tcp", root + ".adapters.chronicle",
                root + ".adapters.memory", root + ".adapters.jwt",
                root + ".client", root + ".protocol", root + ".bootstrap");
    }

    /** Every rule by name, in the order a reader would check them. */
    Map<String, ArchRule> all() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("domain depends on java only", classes().that().resideInAPackage(pkg("domain"))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("domain"), "")
                .because("the domain is pure rules (STYLE.md: one direction of dependencies)"));
        rules.put("application depends on domain only", noClasses().that().resideInAPackage(pkg("application"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("adapters"), pkg("bootstrap"), pkg("protocol"),
                        pkg("client"), "io.netty..", "io.undertow..", "io.lettuce..", "net.openhft..", "com.google..")
                .because("use cases see ports, never technology"));
        rules.put("adapters use ports, not services", noClasses().that().resideInAPackage(pkg("adapters"))
                .should().dependOnClassesThat().resideInAPackage(pkg("application.service"))
                .because("an adapter drives a use case through its port"));
        rules.put("push rules stay in the core: adapters build no blocks", noClasses()
                .that().resideInAPackage(pkg("adapters"))
                .should().callConstructorWhere(target(owner(name(root + ".domain.block.Block"))))
                .because("what a viewer is owed (windows, personal blocks, merges, replays) is the push core's "
                        + "(application.push); a transport only encodes and writes what it is given"));
        rules.put("store helpers only in stores", noClasses()
                .that().resideOutsideOfPackages(pkg("application.store"), pkg("application.memory"),
                        pkg("adapters.redis"), pkg("adapters.chronicle"))
                .should().dependOnClassesThat().resideInAPackage(pkg("application.store"))
                .because("application.store builds MessageStore implementations; use cases see the port only"));
        rules.put("adapters do not depend on each other", slices().matching(root + ".adapters.(*)..")
                .should().notDependOnEachOther()
                .because("each adapter is replaceable on its own"));
        rules.put("client depends on the protocol only", noClasses().that().resideInAPackage(pkg("client"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("domain"), pkg("application"), pkg("adapters"),
                        pkg("bootstrap"))
                .because("the client is shipped to others and speaks the wire schema only"));
        rules.put("netty only in the tcp adapter and the client", noClasses()
                .that().resideOutsideOfPackages(pkg("adapters.tcp"), pkg("client"))
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("io.netty belongs to the long-connection adapter"));
        rules.put("undertow only in the http adapter", noClasses().that().resideOutsideOfPackage(pkg("adapters.http"))
                .should().dependOnClassesThat().resideInAPackage("io.undertow.."));
        rules.put("lettuce only in the redis adapter", noClasses().that().resideOutsideOfPackage(pkg("adapters.redis"))
                .should().dependOnClassesThat().resideInAPackage("io.lettuce.."));
        rules.put("chronicle only in the chronicle adapter", noClasses()
                .that().resideOutsideOfPackage(pkg("adapters.chronicle"))
                .should().dependOnClassesThat().resideInAPackage("net.openhft.."));
        rules.put("jjwt only in the jwt adapter", noClasses().that().resideOutsideOfPackage(pkg("adapters.jwt"))
                .should().dependOnClassesThat().resideInAPackage("io.jsonwebtoken..")
                .because("tokens are verified behind the UserTokens port, by the jwt adapter"));
        rules.put("guice only in adapter modules and bootstrap", noClasses()
                .that().resideOutsideOfPackage(pkg("bootstrap"))
                .and().haveSimpleNameNotEndingWith("Module")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .because("modules only bind; nothing else knows the injector (STYLE.md)"));
        rules.put("no package cycles", slices().matching(root + ".(**)").should().beFreeOfCycles());
        rules.put("no standard streams", GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS);
        rules.put("no generic exceptions", GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS);
        rules.put("no java.util.logging", GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
        rules.put("no field injection", GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION);
        return rules;
    }
}
