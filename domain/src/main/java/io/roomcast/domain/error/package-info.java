/** Error codes and the exception that carries them. */
package io.roomcast.domain.error;
