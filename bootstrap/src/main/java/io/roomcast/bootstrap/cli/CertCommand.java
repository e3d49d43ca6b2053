package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.config.ConfigException;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.TlsFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roomcast cert}: the PEM certificate long connections present, for clients to trust. */
@Command(name = "cert", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints the PEM certificate of long connections: tcp.cert, or the self-signed one in",
            "data.dir (" + TlsFiles.CERT_FILE + ", made now if there is none yet; a node reuses it on every start)."},
        footer = {"", "Example: roomcast cert > " + TlsFiles.CERT_FILE + "   (what Tls.trustPem of the Java client reads)"})
final class CertCommand implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin
    private SettingsArgs settings;
    @Spec
    private CommandSpec spec;

    CertCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Settings s = Commands.load(settings, env);
        if (!TlsFiles.inUse(s)) {
            throw new ConfigException("long connections use no TLS here (tcp.enabled=" + s.get(Setting.TCP_ENABLED)
                    + ", tcp.tls=" + s.get(Setting.TCP_TLS) + "), so there is no certificate to print");
        }
        spec.commandLine().getOut().print(TlsFiles.certificatePem(TlsFiles.ensure(s, Path.of(s.text(Setting.DATA_DIR)))));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
