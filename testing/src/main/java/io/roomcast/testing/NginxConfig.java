package io.roomcast.testing;

import java.util.List;

/**
 * The {@code nginx.conf} of {@link NginxProcess}: one worker, everything it writes under the prefix
 * directory ({@code -p}), one server on a loopback port caching what one upstream answers.
 */
final class NginxConfig {
    /** Connections one worker takes at once when the caller does not say. */
    static final int DEFAULT_CONNECTIONS = 4_096;

    /** What makes a location a cache in front of roomcast; {@code deploy/nginx-slices.conf} has the same lines. */
    static final List<String> CACHE_DIRECTIVES = List.of(
            "proxy_cache roomcast;",
            // Answers vary by Accept (JSON or protobuf); roomcast also sends Vary: Accept.
            "proxy_cache_key \"$scheme$proxy_host$request_uri $http_accept\";",
            // Concurrent misses of one key: one request goes on, the others wait for its answer.
            "proxy_cache_lock on;",
            // An expired answer (the head) is served while one request refreshes it in the background.
            "proxy_cache_use_stale updating error timeout;",
            "proxy_cache_background_update on;",
            // A refresh asks with If-None-Match when the answer had an ETag.
            "proxy_cache_revalidate on;");

    private NginxConfig() {
    }

    /**
     * The config for a server on {@code 127.0.0.1:port} in front of {@code upstream} (host:port).
     * Each connection takes a file descriptor, and a cache miss a second one for the upstream, hence
     * {@code worker_rlimit_nofile}. When nginx runs as root its workers run as root too (the Debian
     * default, {@code www-data}, could not write in the test's private directory); otherwise the
     * {@code user} line is left out.
     */
    static String text(int port, String upstream, boolean root, int connections) {
        String cache = String.join("\n", CACHE_DIRECTIVES.stream().map(d -> "            " + d).toList());
        return (root ? "user root root;\n" : "") + """
                worker_processes 1;
                worker_rlimit_nofile %d;
                pid nginx.pid;
                error_log logs/error.log info;

                events {
                    worker_connections %d;
                }

                http {
                    # Which requests reached the upstream: $upstream_addr is "-" when the cache answered.
                    # log_subrequest: background refreshes get a line too.
                    log_format cache '$upstream_cache_status\\t$status\\t$upstream_addr\\t$request_uri';
                    access_log logs/access.log cache;
                    log_subrequest on;

                    client_body_temp_path temp/client_body;
                    proxy_temp_path temp/proxy;
                    fastcgi_temp_path temp/fastcgi;
                    uwsgi_temp_path temp/uwsgi;
                    scgi_temp_path temp/scgi;
                    proxy_cache_path cache levels=1:2 keys_zone=roomcast:10m max_size=256m inactive=10m use_temp_path=off;

                    upstream roomcast_http {
                        server %s;
                        keepalive 32;
                    }

                    server {
                        listen 127.0.0.1:%d;

                        location / {
                            proxy_pass http://roomcast_http;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                %s
                        }

                        # Connections in progress, for tests that wait until concurrent requests have arrived.
                        location = /nginx_status {
                            stub_status;
                            access_log off;
                        }
                    }
                }
                """.formatted(2 * connections + 64, connections, upstream, port, cache);
    }
}
