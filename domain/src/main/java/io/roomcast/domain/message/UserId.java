package io.roomcast.domain.message;

/** A viewer or sender, as the business server names it (a token's {@code sub}). Validated: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
public record UserId(String value) {
    public UserId {
        Ids.check("userId", value);
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
