/**
 * The Redis message store (Lettuce): the seed's sorted sets per room and category, Lua scripts for
 * every multi-step write, one shared connection. {@link io.roomcast.adapters.redis.RedisStoreModule}
 * and {@link io.roomcast.adapters.redis.RedisStoreConfig} are its public face.
 */
package io.roomcast.adapters.redis;
