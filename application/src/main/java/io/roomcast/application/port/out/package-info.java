/** Outbound ports: what the use cases need from the world (store, directory, fan-out, clock). */
package io.roomcast.application.port.out;
