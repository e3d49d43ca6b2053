/** The delivery rules as named objects: priority assignment, room admission, staleness, polling, priority pick. */
package io.roomcast.domain.policy;
