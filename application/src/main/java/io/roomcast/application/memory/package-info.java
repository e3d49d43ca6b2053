/** In-memory adapters: the reference store and this node's room directory. */
package io.roomcast.application.memory;
