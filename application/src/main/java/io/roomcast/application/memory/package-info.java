/** The in-memory store: the reference the other stores are compared with. */
package io.roomcast.application.memory;
