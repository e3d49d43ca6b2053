/**
 * The use cases of roomcast ({@code port.in}), the ports they drive ({@code port.out}), their
 * services, and the in-memory adapters used for tests and for {@code --store=memory}. Depends on
 * the domain only.
 */
package io.roomcast.application;
