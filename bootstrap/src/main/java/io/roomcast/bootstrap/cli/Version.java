package io.roomcast.bootstrap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: roomcast's version (from the build) and the Java running it. */
final class Version implements IVersionProvider {
    static final String RESOURCE = "version.properties";

    /** The version the build wrote into the jar, or "unknown" when run from unfiltered classes. */
    static String roomcast() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"roomcast " + roomcast(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
