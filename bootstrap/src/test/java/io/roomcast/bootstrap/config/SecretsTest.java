package io.roomcast.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @Test
    void givenNoSecretsConfigured_firstStart_generatesOwnerOnlyFiles_andLaterStartsReuseThem(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Settings first = Secrets.ensure(Settings.defaults(), data);
        RoomcastConfig config = RoomcastConfig.from(first);

        Path keyFile = data.resolve(Secrets.API_KEY_FILE);
        Path secretFile = data.resolve(Secrets.TOKEN_SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(config.http().apiKeys()).containsExactly(Files.readString(keyFile).trim());
        assertThat(config.tokenSecret()).isEqualTo(Files.readString(secretFile).trim());

        Settings second = Secrets.ensure(Settings.defaults(), data);
        assertThat(second.list(Setting.API_KEYS)).isEqualTo(first.list(Setting.API_KEYS));
        assertThat(second.get(Setting.TOKEN_SECRET)).isEqualTo(first.get(Setting.TOKEN_SECRET));
    }

    @Test
    void givenConfiguredSecrets_nothingIsGenerated(@TempDir Path dir) {
        Settings given = Settings.load(new String[0], Map.of("ROOMCAST_API_KEYS", "k-0123456789abcdef",
                "ROOMCAST_TOKEN_SECRET", "0123456789abcdef0123456789abcdef"));
        Settings result = Secrets.ensure(given, dir);
        assertThat(result.get(Setting.API_KEYS)).isEqualTo("k-0123456789abcdef");
        assertThat(dir.resolve(Secrets.API_KEY_FILE)).doesNotExist();
        assertThat(dir.resolve(Secrets.TOKEN_SECRET_FILE)).doesNotExist();
    }
}
