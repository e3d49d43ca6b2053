/**
 * JMH benchmarks of the hot code: block merge, room admission and priority pick (domain), the
 * protobuf and JSON codecs, and the message stores; plus {@link io.roomcast.benchmarks.jmh.EncodingSizes},
 * the bytes-per-message report. Every benchmark's {@code @Fork} appends {@link io.roomcast.benchmarks.jmh.JvmFlags}.
 */
package io.roomcast.benchmarks.jmh;
