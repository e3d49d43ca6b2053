package io.roomcast.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs {@link ConfigFuzzProperties} found escaping as something other than a ConfigException. */
class ConfigFuzzRegressionTest {

    private static RoomcastConfig load(String[] args, Map<String, String> env) {
        return RoomcastConfig.from(Settings.load(args, env).with(Setting.API_KEYS, "k-0123456789abcdef")
                .with(Setting.TOKEN_SECRET, "0123456789abcdef0123456789abcdef"));
    }

    @Test
    void givenANulInAPathSetting_load_failsNamingTheSetting_notWithInvalidPathException() {
        assertThatThrownBy(() -> load(new String[] {"--data.dir=/var/\u0000x"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.dir").hasMessageContaining("control character");
        assertThatThrownBy(() -> load(new String[0], Map.of("ROOMCAST_TCP_CERT", "a\u0000.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tcp.cert");
        // Not every platform can name every character (here: a POSIX locale); that too names the setting.
        String unmappable = "/var/\udc80\u0130";
        assertThatThrownBy(() -> load(new String[] {"--data.dir=" + unmappable}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.dir");
        assertThatThrownBy(() -> load(new String[] {"--config=/etc/\u0000roomcast"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a valid path");
    }

    @Test
    void givenAMalformedUnicodeEscapeInTheFile_load_failsWithAConfigException(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("roomcast.properties");
        Files.writeString(file, "node.id=n-\\u12zz\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(new String[] {"--config=" + file}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a valid properties file");
    }
}
