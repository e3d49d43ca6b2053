/**
 * The end-to-end load generator: {@link io.roomcast.benchmarks.load.LoadGenerator} spawns (or is
 * given) a roomcast node and drives it over real sockets in five scenarios (hot room, many rooms,
 * idle connections, polling with a bare-Undertow baseline, burst), reporting deliveries, latency
 * percentiles (HdrHistogram), skipped and discarded counts by reason, and both sides' CPU and
 * memory from {@code /proc}. See {@code benchmarks/LOAD.md}.
 */
package io.roomcast.benchmarks.load;
