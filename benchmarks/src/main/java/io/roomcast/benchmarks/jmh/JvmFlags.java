package io.roomcast.benchmarks.jmh;

import java.util.List;

/**
 * The JVM flags every benchmark fork needs, one compile-time constant per flag so that
 * {@code @Fork(jvmArgsAppend = {...})} can name them (an annotation cannot take a
 * {@code static final String[]}). A JMH fork is a plain {@code java} command: it does not read the
 * jar manifest, so the flags the server jar gets from its manifest must be repeated here.
 *
 * <p>The list is the parent pom's {@code chronicle.jvm.flags} property, in its order (Chronicle
 * Queue on Java 17 reaches into JDK internals), plus {@code -Dchronicle.analytics.disable=true}.
 * {@code JvmFlagsTest} holds the pom property, this list and every benchmark's {@code @Fork} to
 * one another, so the three cannot drift apart.
 */
public final class JvmFlags {
    public static final String EXPORTS_JDK_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORTS_SUN_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORTS_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String EXPORTS_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String OPENS_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String OPENS_JAVA_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPENS_JAVA_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String OPENS_JAVA_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String OPENS_JAVA_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String OPENS_JAVA_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    public static final String OPENS_SUN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String CHRONICLE_ANALYTICS_OFF = "-Dchronicle.analytics.disable=true";

    /** Every flag above, in the order the {@code @Fork} annotations list them. */
    public static final List<String> CHRONICLE = List.of(
            EXPORTS_JDK_INTERNAL_REF,
            EXPORTS_SUN_NIO_CH,
            EXPORTS_SUN_MISC,
            EXPORTS_JAVAC_FILE,
            OPENS_JAVAC,
            OPENS_JAVA_LANG,
            OPENS_JAVA_LANG_REFLECT,
            OPENS_JAVA_IO,
            OPENS_JAVA_UTIL,
            OPENS_JAVA_NIO,
            OPENS_SUN_NIO_CH,
            CHRONICLE_ANALYTICS_OFF);

    private JvmFlags() {
    }
}
