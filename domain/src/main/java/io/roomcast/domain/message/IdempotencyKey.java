package io.roomcast.domain.message;

/** A publisher's key that makes a retried publish return the first answer and store nothing new. Validated: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
public record IdempotencyKey(String value) {
    public IdempotencyKey {
        Ids.check("idempotencyKey", value);
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
