/** Messages and their value objects: ids, scope, category, priority, payload, cursor. */
package io.roomcast.domain.message;
