package io.roomcast.domain.message;

/** Names a piece of room state carried by gain messages, e.g. {@code pk.score}. Validated: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
public record StateKey(String value) {
    public StateKey {
        Ids.check("stateKey", value);
    }

    public static StateKey of(String value) {
        return new StateKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
