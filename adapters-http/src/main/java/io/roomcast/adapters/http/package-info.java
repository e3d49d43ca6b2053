/** Undertow HTTP adapter: the business publish API, short polling, endpoint allocation, room stats, health and metrics. */
package io.roomcast.adapters.http;
