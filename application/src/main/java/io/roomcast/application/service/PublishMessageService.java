package io.roomcast.application.service;

import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishMessageUseCase;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.Outcome;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes one message: validate, stamp, prioritise, admit or discard by the room's budget,
 * store, hand to fan-out. Thread-safe. A retried publish with a known idempotency key returns the
 * first answer before any budget is spent; a discarded message is not stored, so its retry is
 * judged afresh.
 *
 * <p>Each append and its hand-off to fan-out happen in position order for every room
 * ({@link HandOffOrder}); different rooms append in parallel.
 */
public final class PublishMessageService implements PublishMessageUseCase {
    /** How long a publish waits behind earlier ones of its room before failing with STORE_UNAVAILABLE. */
    public static final long HAND_OFF_WAIT_MILLIS = 2_000;

    private final MessageStore store;
    private final Fanout fanout;
    private final Clock clock;
    private final DeliveryRules rules;
    private final RoomAdmissions admissions;
    private final RoomActivity activity;
    private final HandOffOrder order;

    public PublishMessageService(MessageStore store, Fanout fanout, Clock clock, DeliveryRules rules) {
        this(store, fanout, clock, rules, null);
    }

    /** @param activity counts accepted and discarded messages per room, or null */
    public PublishMessageService(MessageStore store, Fanout fanout, Clock clock, DeliveryRules rules,
                                 RoomActivity activity) {
        this(store, fanout, clock, rules, activity, HAND_OFF_WAIT_MILLIS);
    }

    PublishMessageService(MessageStore store, Fanout fanout, Clock clock, DeliveryRules rules,
                          RoomActivity activity, long handOffWaitMillis) {
        this.store = Objects.requireNonNull(store, "store");
        this.fanout = Objects.requireNonNull(fanout, "fanout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.admissions = new RoomAdmissions(rules.admission());
        this.activity = activity;
        this.order = new HandOffOrder(handOffWaitMillis);
    }

    @Override
    public PublishResult publish(PublishCommand command) {
        Objects.requireNonNull(command, "command");
        if (command.payload().size() > rules.maxPayloadBytes()) {
            throw new RoomcastException(ErrorCode.TOO_LARGE, "payload: " + command.payload().size()
                    + " bytes is over the limit of " + rules.maxPayloadBytes());
        }
        if (command.idempotencyKey() != null) {
            Optional<Message> first = store.findByIdempotencyKey(command.idempotencyKey());
            if (first.isPresent()) {
                return accepted(first.get(), true);
            }
        }
        long now = clock.millis();
        Priority priority = rules.priorities().assign(command.category(), command.giftValue(), command.priority());
        MessageId id = MessageId.generate(now);
        if (command.scope() == Scope.ROOM) {
            Outcome outcome = admissions.admit(command.roomId(), priority, now);
            if (outcome instanceof Outcome.Discarded discarded) {
                if (activity != null) {
                    activity.discarded(command.roomId(), discarded.reason());
                }
                return new PublishResult(id, null, priority, outcome, false);
            }
        }
        Message message = new Message(id, command.scope(), command.roomId(), command.recipient(),
                command.category(), priority, command.sender(), command.giftValue(), command.payload(),
                now, 0, command.stateKey(), command.version(), command.idempotencyKey(), null);
        AppendResult appended = order.inOrder(command, () -> {
            AppendResult result = store.append(message);
            if (!result.duplicate()) {
                fanout.deliver(result.stored());
            }
            return result;
        });
        if (!appended.duplicate() && activity != null && command.scope() == Scope.ROOM) {
            activity.accepted(command.roomId());
        }
        return accepted(appended.stored(), appended.duplicate());
    }

    private static PublishResult accepted(Message stored, boolean duplicate) {
        return new PublishResult(stored.id(), stored.position(), stored.priority(), Outcome.ACCEPTED, duplicate);
    }
}
