package archfixture.roomcast.adapters.http;

import io.jsonwebtoken.JwtParser;

/** Breaks "jjwt only in the jwt adapter": the http adapter parsing tokens itself instead of using the port. */
public final class TokenCheck {
    public JwtParser parser;
}
