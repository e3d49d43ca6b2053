package io.roomcast.application.port.out;

import io.roomcast.domain.message.Message;
import java.util.List;

/**
 * A closed slice of a room's guest feed, as {@link MessageStore#closeSlice} read it.
 *
 * @param messages  the slice's messages in {@link Message#ORDER}, at most the {@code max} asked
 * @param truncated the slice holds more than {@code max}: these are its first by position
 * @param gone      retention removed messages of the slice (or it is older than retention keeps
 *                  every category): what it held can no longer be told, and {@code messages} is empty
 */
public record SliceRead(List<Message> messages, boolean truncated, boolean gone) {
    public static final SliceRead GONE = new SliceRead(List.of(), false, true);

    public SliceRead {
        messages = List.copyOf(messages);
    }
}
