/** Guice wiring, configuration, the lifecycle and Main: the only place that sees every module. */
package io.roomcast.bootstrap;
