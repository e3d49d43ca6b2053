/**
 * Test support shared by the modules' tests and the benchmarks: message fixtures, the Netty leak
 * check, test tokens and a real {@code redis-server}. Not part of the server.
 */
package io.roomcast.testing;
