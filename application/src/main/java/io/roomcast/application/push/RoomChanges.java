package io.roomcast.application.push;

import static io.roomcast.application.port.in.ViewerSession.MAX_DEFERRED_ROOM_CHANGES;

import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.in.SessionErrors;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A session's moves between rooms: the Hello's room once the user is known, then each Join and
 * Leave. A change waits while the token is checked or the viewer reads a room's replay (from
 * entering until {@link #started}), and the waiting ones are applied in order afterwards; at most
 * {@value io.roomcast.application.port.in.ViewerSession#MAX_DEFERRED_ROOM_CHANGES} wait (each is a
 * store read later), one more fails the session {@code RATE_LIMITED}.
 *
 * <p>Not thread-safe: every method runs on the session's loop.
 */
final class RoomChanges {
    /** A Join or Leave that arrived while a session was still being set up. */
    private record RoomChange(RoomId room, boolean join) {
    }

    private final Session session;
    private final PushViewer viewer;
    private final List<RoomChange> deferred = new ArrayList<>();
    private UserId user;
    private boolean resuming;

    RoomChanges(Session session, PushViewer viewer) {
        this.session = session;
        this.viewer = viewer;
    }

    /** The token named {@code verified}: the viewer enters the Hello's room, from {@code from} (null: from now). */
    void first(UserId verified, RoomId target, Cursor from) {
        user = verified;
        enter(target, from);
    }

    /** A Join ({@code join}) or Leave of {@code roomId}: applied now if the session is open and nothing waits. */
    void change(String roomId, boolean join) {
        RoomId target;
        try {
            target = RoomId.of(roomId);
        } catch (RoomcastException e) {
            session.fail(SessionErrors.code(e.code()), e.getMessage());
            return;
        }
        if (session.isOpen() && !resuming && deferred.isEmpty()) {
            apply(target, join);
        } else if (deferred.size() < MAX_DEFERRED_ROOM_CHANGES) {
            deferred.add(new RoomChange(target, join));
        } else {
            // Each deferred change is a store read later: a client may not queue them without end.
            session.fail(SessionErrors.RATE_LIMITED, "too many Join/Leave frames while the session is starting (at most "
                    + MAX_DEFERRED_ROOM_CHANGES + ")");
        }
    }

    /** The viewer's start is known; true when changes wait, to be applied by {@link #applyDeferred} in a later task. */
    boolean started() {
        resuming = false;
        return !deferred.isEmpty();
    }

    /** Applies the changes that waited, in order, until one starts another replay. */
    void applyDeferred() {
        while (session.isOpen() && !resuming && !deferred.isEmpty()) {
            RoomChange change = deferred.remove(0);
            apply(change.room(), change.join());
        }
    }

    /** The session closes: what waits is dropped. */
    void clear() {
        deferred.clear();
    }

    private void apply(RoomId target, boolean join) {
        if (join && !target.equals(viewer.room())) {
            enter(target, null);
        } else if (!join && target.equals(viewer.room())) {
            viewer.leave();
        }
    }

    private void enter(RoomId target, Cursor from) {
        resuming = true;
        try {
            viewer.enter(target, user, from);
        } catch (RejectedExecutionException e) {
            session.overloaded();
        }
    }
}
