package io.roomcast.domain;

import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.BlockWindow;
import io.roomcast.domain.block.WindowLength;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.PollingPolicy;
import io.roomcast.domain.policy.PriorityAssignment;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.Staleness;
import java.util.Objects;

/**
 * The one list of every rule in force, built once from configuration and shared by the use
 * cases and the push path.
 *
 * @param maxPayloadBytes the largest payload a publish may carry (default 8 KiB)
 */
public record DeliveryRules(
        PriorityAssignment priorities,
        AdmissionPolicy admission,
        Staleness staleness,
        PollingPolicy polling,
        BlockPolicy blocks,
        int maxPayloadBytes) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 8 * 1024;

    public DeliveryRules {
        Objects.requireNonNull(priorities, "priorities");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(staleness, "staleness");
        Objects.requireNonNull(polling, "polling");
        Objects.requireNonNull(blocks, "blocks");
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
        }
    }

    public static DeliveryRules defaults() {
        return new DeliveryRules(PriorityAssignment.defaults(), AdmissionPolicy.defaults(), Staleness.defaults(),
                PollingPolicy.defaults(), BlockPolicy.defaults(), DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public PriorityPick pick() {
        return new PriorityPick(staleness);
    }

    /** A new block window for {@code roomId} (null: the window of broadcasts). */
    public BlockWindow newBlockWindow(RoomId roomId) {
        return new BlockWindow(roomId, blocks, pick());
    }

    /** A new block window for {@code roomId} whose length follows {@code length}. */
    public BlockWindow newBlockWindow(RoomId roomId, WindowLength length) {
        return new BlockWindow(roomId, blocks, pick(), length);
    }

    public DeliveryRules withAdmission(AdmissionPolicy newAdmission) {
        return new DeliveryRules(priorities, newAdmission, staleness, polling, blocks, maxPayloadBytes);
    }

    public DeliveryRules withBlocks(BlockPolicy newBlocks) {
        return new DeliveryRules(priorities, admission, staleness, polling, newBlocks, maxPayloadBytes);
    }

    public DeliveryRules withStaleness(Staleness newStaleness) {
        return new DeliveryRules(priorities, admission, newStaleness, polling, blocks, maxPayloadBytes);
    }
}
