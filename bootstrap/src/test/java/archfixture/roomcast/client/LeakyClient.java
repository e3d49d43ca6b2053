package archfixture.roomcast.client;

import archfixture.roomcast.domain.LeakyValue;

/** Breaks: the client depends on the domain. */
public final class LeakyClient {
    public LeakyValue value;
}
