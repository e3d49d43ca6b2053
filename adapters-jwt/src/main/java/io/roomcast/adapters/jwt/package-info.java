/**
 * The {@code UserTokens} port with jjwt: viewers' HS256 tokens signed by the business server.
 * {@link io.roomcast.adapters.jwt.JwtUserTokens} is its public face.
 */
package io.roomcast.adapters.jwt;
