/** JMH micro-benchmarks of the hot code and the end-to-end load generator. */
package io.roomcast.benchmarks;
