/**
 * The pure model and rules of roomcast: messages, rooms, cursors, priorities and the delivery
 * policies. Imports {@code java.*} only; time comes in as a parameter read from the
 * application's clock, so every rule is a pure function of its inputs and its own state.
 */
package io.roomcast.domain;
