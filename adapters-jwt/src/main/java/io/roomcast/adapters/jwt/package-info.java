/**
 * The {@code UserTokens} port with jjwt: viewers' HS256 tokens signed by the business server.
 * {@link io.roomcast.adapters.jwt.JwtModule} binds it; {@link io.roomcast.adapters.jwt.JwtUserTokens}
 * stays public for tests and tools that sign tokens.
 */
package io.roomcast.adapters.jwt;
