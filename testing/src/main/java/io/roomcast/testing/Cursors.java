package io.roomcast.testing;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import java.util.List;

/** Fixtures: a viewer's cursor from stored messages, as a reader that was given them holds it. */
public final class Cursors {
    private Cursors() {
    }

    /** The cursor right after every one of {@code stored} (each family's part at its last of them). */
    public static Cursor after(Message... stored) {
        return after(List.of(stored));
    }

    /** The cursor right after every one of {@code stored}. */
    public static Cursor after(List<Message> stored) {
        Cursor cursor = Cursor.ORIGIN;
        for (Message m : stored) {
            cursor = cursor.advance(m);
        }
        return cursor;
    }
}
