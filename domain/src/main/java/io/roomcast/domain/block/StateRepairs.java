package io.roomcast.domain.block;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.PriorityPick.StateSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rule: of several state messages, the newest version of each state key (a tie goes to the later position). */
public final class StateRepairs {

    private StateRepairs() {
    }

    /** The newest version per state key of {@code states}, in position order. */
    public static List<Message> newest(List<Message> states) {
        if (states.size() < 2) {
            return states;
        }
        Map<StateSlot, Message> newest = new LinkedHashMap<>();
        for (Message m : states) {
            newest.merge(StateSlot.of(m), m, (a, b) -> isNewer(b, a) ? b : a);
        }
        List<Message> out = new ArrayList<>(newest.values());
        out.sort(Message.ORDER);
        return out;
    }

    private static boolean isNewer(Message a, Message than) {
        return a.version() > than.version()
                || (a.version() == than.version() && a.position().isAfter(than.position()));
    }
}
