package io.roomcast.bootstrap.config;

/** A setting is unknown or invalid; the message names the setting and what is valid. Stops start-up. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
