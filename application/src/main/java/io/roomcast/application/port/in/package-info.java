/** Inbound ports: the use cases adapters call. */
package io.roomcast.application.port.in;
