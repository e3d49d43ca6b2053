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
 * Publishes one message: validate, stamp, prioritise, store (a room message only if the room's
 * budget admits it: the store judges it, across nodes where the store is shared), hand to fan-out.
 * Thread-safe. A retried publish with a known idempotency key returns the first answer before any
 * budget is spent; a discarded message is not stored, so its retry is judged afresh.
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
            Optional<Message> first = store.findByIdempotencyKey(
                    command.scope() == Scope.ROOM ? command.roomId() : null, command.idempotencyKey());
            if (first.isPresent()) {
                return accepted(first.get(), true);
            }
        }
        long now = clock.millis();
        Priority priority = rules.priorities().assign(command.category(), command.giftValue(), command.priority());
        MessageId id = MessageId.generate(now);
        Message message = new Message(id, command.scope(), command.roomId(), command.recipient(),
                command.category(), priority, command.sender(), command.giftValue(), command.payload(),
                now, 0, command.stateKey(), command.version(), command.idempotencyKey(), null);
        boolean room = command.scope() == Scope.ROOM;
        AppendResult appended = order.inOrder(command, () -> {
            AppendResult result = room ? store.append(message, rules.admission()) : store.append(message);
            if (result instanceof AppendResult.Stored stored && !stored.duplicate()) {
                fanout.deliver(stored.stored());
            }
            return result;
        });
        if (appended instanceof AppendResult.Refused refused) {
            if (activity != null) {
                activity.discarded(command.roomId(), refused.reason());
            }
            return new PublishResult(id, null, priority, Outcome.discarded(refused.reason()), false);
        }
        AppendResult.Stored stored = (AppendResult.Stored) appended;
        if (!stored.duplicate() && activity != null && room) {
            activity.accepted(command.roomId());
        }
        return accepted(stored.stored(), stored.duplicate());
    }

    private static PublishResult accepted(Message stored, boolean duplicate) {
        return new PublishResult(stored.id(), stored.position(), stored.priority(), Outcome.ACCEPTED, duplicate);
    }
}
