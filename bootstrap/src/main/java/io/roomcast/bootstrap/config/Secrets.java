package io.roomcast.bootstrap.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start without an API key or a token secret generates them into the data directory,
 * readable by the owner only, and logs where they are, so a newcomer can try roomcast at once.
 * Later starts read the same files.
 */
public final class Secrets {
    public static final String API_KEY_FILE = "api-key";
    public static final String TOKEN_SECRET_FILE = "token-secret";
    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** The settings with api.keys and token.secret filled from the data directory when not given. */
    public static Settings ensure(Settings settings, Path dataDir) {
        Settings result = ensureTokenSecret(settings, dataDir);
        if (settings.list(Setting.API_KEYS).isEmpty()) {
            result = result.with(Setting.API_KEYS, readOrCreate(dataDir.resolve(API_KEY_FILE), "API key"));
        }
        return result;
    }

    /** The settings with token.secret filled from the data directory when not given (the API keys untouched). */
    public static Settings ensureTokenSecret(Settings settings, Path dataDir) {
        if (!settings.get(Setting.TOKEN_SECRET).isBlank()) {
            return settings;
        }
        return settings.with(Setting.TOKEN_SECRET, readOrCreate(dataDir.resolve(TOKEN_SECRET_FILE), "user token secret"));
    }

    private static String readOrCreate(Path file, String what) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            LOG.warn("No {} configured: generated one into {} (owner-only). Set it explicitly in production.",
                    what, file.toAbsolutePath());
            return value;
        } catch (IOException e) {
            throw new ConfigException("cannot read or create the " + what + " file " + file + ": " + e.getMessage());
        }
    }
}
