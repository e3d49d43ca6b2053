package io.roomcast.application.port.in;

import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import java.util.Map;

/**
 * What this node knows of a room.
 *
 * @param online            viewers now (connections plus recent pollers)
 * @param published         messages accepted since start
 * @param publishedPerSecond accepted messages per second over the last ten seconds
 * @param discarded         messages refused at publish since start, by reason
 * @param countedSinceMillis when this node started counting (its start, epoch ms): the counts are
 *                          this node's, not the store's, and begin at zero after a restart
 */
public record RoomStats(RoomId room, int online, long published, double publishedPerSecond,
                        Map<DropReason, Long> discarded, long countedSinceMillis) {
    public RoomStats {
        discarded = Map.copyOf(discarded);
    }
}
