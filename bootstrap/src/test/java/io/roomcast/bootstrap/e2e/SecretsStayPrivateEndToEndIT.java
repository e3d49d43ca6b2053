package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Secrets;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.TlsFiles;
import io.roomcast.domain.message.UserId;
import io.roomcast.testing.LogLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first start with nothing configured generates the API key, the token secret and the TLS key
 * into the data directory, owner-only; a run of good and bad requests (wrong keys, forged and good
 * tokens) then stops; no log line of the whole run holds a secret, a key guessed, or a token.
 */
class SecretsStayPrivateEndToEndIT {
    private static final String GUESS = "guessed-key-0123456789abcdef";

    @TempDir
    Path dataDir;

    @Test
    void givenGeneratedSecrets_aRunOfGoodAndBadRequests_logsNoSecretAndTheFilesAreOwnerOnly() throws Exception {
        List<String> lines;
        String apiKey;
        String secret;
        String token;
        try (LogLines logs = new LogLines()) {
            Roomcast node = Roomcast.start(Settings.load(new String[] {"--data.dir=" + dataDir, "--http.host=127.0.0.1",
                "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=0"}, Map.of()));
            try {
                apiKey = Files.readString(dataDir.resolve(Secrets.API_KEY_FILE), StandardCharsets.UTF_8).strip();
                secret = Files.readString(dataDir.resolve(Secrets.TOKEN_SECRET_FILE), StandardCharsets.UTF_8).strip();
                token = new JwtUserTokens(secret, System::currentTimeMillis)
                        .issue(UserId.of("alice"), Duration.ofMinutes(5), System.currentTimeMillis());
                Http http = new Http(node.httpPort());
                String gift = "{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"GIFT\",\"payload\":{}}";
                assertThat(http.post("/api/v1/messages", GUESS, gift).status()).isEqualTo(401);
                assertThat(http.post("/api/v1/messages", apiKey, gift).status()).isEqualTo(202);
                assertThat(http.get("/api/v1/rooms/r1/messages", token).status()).isEqualTo(200);
                assertThat(http.get("/api/v1/rooms/r1/messages", token + "x").status()).isEqualTo(401);
                assertThat(http.get("/api/v1/endpoint?roomId=r1", token).status()).isEqualTo(200);
            } finally {
                node.close();
            }
            lines = logs.lines();
        }
        assertThat(lines).as("the run logged something").isNotEmpty()
                .anyMatch(l -> l.contains(Secrets.API_KEY_FILE))
                .anyMatch(l -> l.contains("API key refused"));
        for (String secretText : List.of(apiKey, secret, GUESS, token, token.substring(token.lastIndexOf('.') + 1))) {
            assertThat(lines).as("no log line holds a secret").noneMatch(l -> l.contains(secretText));
        }
        for (String file : List.of(Secrets.API_KEY_FILE, Secrets.TOKEN_SECRET_FILE, TlsFiles.KEY_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
    }
}
