package io.roomcast.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.testing.FuzzInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the configuration: damaged config files (the committed {@code fuzz/config.corpus},
 * mutated, and random bytes), written to a real file and loaded as the launcher does, and random
 * flags and environment variables. Every input either gives a configuration or a
 * {@link ConfigException} (the launcher prints its one line and exits 2); nothing else escapes.
 * Tries: {@code -Djqwik.tries.default} (see {@code scripts/fuzz.sh}).
 */
class ConfigFuzzProperties {
    private static final List<byte[]> SEEDS = FuzzInputs.corpus("config");
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("roomcast-config-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.longs()).as(FuzzInputs::mutate);
        return Arbitraries.frequencyOf(Tuple.of(4, mutated), Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(60)));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30), Arbitraries.strings().numeric().ofMaxLength(12),
                Arbitraries.of("", "true", "-1", "0", "99999999999", "redis://x", "a:1,b:2", "memory"));
    }

    private static void loads(String[] args, Map<String, String> env) {
        try {
            Settings settings = Settings.load(args, env);
            RoomcastConfig config = RoomcastConfig.from(settings.with(Setting.API_KEYS, "k-0123456789abcdef")
                    .with(Setting.TOKEN_SECRET, "0123456789abcdef0123456789abcdef"));
            assertThat(config.http()).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void anyConfigFile_loads_orFailsWithAConfigException(@ForAll("files") byte[] content) throws IOException {
        Path file = DIR.resolve("roomcast.properties");
        Files.write(file, content);
        loads(new String[] {"--config=" + file}, Map.of());
    }

    @Property
    void anyFlagOrEnvironmentValue_loads_orFailsWithAConfigException(
            @ForAll("values") String value, @ForAll boolean asFlag) {
        Setting setting = Setting.values()[Math.floorMod(value.hashCode(), Setting.values().length)];
        if (asFlag) {
            loads(new String[] {"--" + setting.key() + "=" + value}, Map.of());
        } else {
            loads(new String[0], Map.of(setting.envName(), value));
        }
    }

    @AfterContainer
    static void removeTheFiles() throws IOException {
        Files.deleteIfExists(DIR.resolve("roomcast.properties"));
        Files.deleteIfExists(DIR);
    }
}
