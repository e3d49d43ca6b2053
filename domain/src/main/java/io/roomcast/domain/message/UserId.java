package io.roomcast.domain.message;

/** A viewer or sender, as the business server names it (a token's {@code sub}). Validated: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
public record UserId(String value) {
    public UserId {
        Ids.check("userId", value);
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    /** Written out, not the record's generated one: a hot map key, and the generated method reaches the value through method handles the JIT does not always inline. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof UserId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
