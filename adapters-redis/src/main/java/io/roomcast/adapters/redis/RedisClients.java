package io.roomcast.adapters.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client for what {@link RedisStoreConfig#url()} points at: a {@link RedisClient} for
 * one Redis, a {@link RedisClusterClient} for a Redis Cluster. Cluster mode is several seeds, or
 * one URI whose server says {@code cluster_enabled:1} in {@code INFO cluster} (asked on a
 * connection of its own, closed at once). Either client reconnects by itself with an exponential
 * delay up to the configured maximum and rejects commands at once while disconnected; the cluster
 * client also refreshes its view of the slots every {@value #REFRESH_SECONDS} s and at once on the
 * adaptive triggers (a {@code MOVED} or {@code ASK} redirect, persistent reconnects, an uncovered
 * slot, an unknown node). Stateless.
 */
final class RedisClients {
    static final long REFRESH_SECONDS = 5;

    private RedisClients() {
    }

    /** Client resources of their own (event loops, reconnect delay: exponential from 1 ms up to the configured maximum). */
    static ClientResources resources(RedisStoreConfig config) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /**
     * A {@link RedisClusterClient} when the config names a cluster, else a {@link RedisClient}; both on
     * {@code resources}, which the caller shuts down.
     *
     * @throws io.lettuce.core.RedisException when a single URI's server cannot be asked whether it is a cluster
     */
    static AbstractRedisClient client(RedisStoreConfig config, ClientResources resources) {
        List<String> seeds = config.seeds();
        if (seeds.size() > 1) {
            return cluster(config, resources);
        }
        RedisClient single = standalone(config, resources);
        boolean cluster;
        try (StatefulRedisConnection<String, String> probe = single.connect()) {
            cluster = probe.sync().info("cluster").contains("cluster_enabled:1");
        } catch (RuntimeException e) {
            single.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
        if (!cluster) {
            return single;
        }
        single.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        return cluster(config, resources);
    }

    private static RedisClient standalone(RedisStoreConfig config, ClientResources resources) {
        RedisClient client = RedisClient.create(resources, uri(config.seeds().get(0), config));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket(config))
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        return client;
    }

    private static RedisClusterClient cluster(RedisStoreConfig config, ClientResources resources) {
        List<RedisURI> seeds = config.seeds().stream().map(seed -> uri(seed, config)).toList();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket(config))
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                // Lettuce 7 enables every adaptive trigger by default; the periodic refresh is ours.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(REFRESH_SECONDS))
                        .build())
                .build());
        return client;
    }

    private static RedisURI uri(String seed, RedisStoreConfig config) {
        RedisURI uri = RedisURI.create(seed);
        uri.setTimeout(config.commandTimeout());
        return uri;
    }

    private static SocketOptions socket(RedisStoreConfig config) {
        return SocketOptions.builder().connectTimeout(config.connectTimeout()).build();
    }
}
