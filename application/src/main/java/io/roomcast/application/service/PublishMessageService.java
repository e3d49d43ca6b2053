package io.roomcast.application.service;

import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishMessageUseCase;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Publishes one message: validate, stamp, prioritise, store (a room message only if the room's
 * budget admits it: the store judges it, across nodes where the store is shared), hand to fan-out.
 * Thread-safe. A retried publish with a known idempotency key returns the first answer before any
 * budget is spent; a discarded message is not stored, so its retry is judged afresh.
 *
 * <p>Each append and its hand-off to fan-out happen in position order for every room: a store that
 * writes on one thread of its own hands off on it ({@link MessageStore#handsOffInOrder}), other
 * stores under {@link HandOffOrder}'s stripes; different rooms append in parallel.
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
        checkPayload(command);
        if (command.idempotencyKey() != null) {
            Optional<Message> first = store.findByIdempotencyKey(
                    command.scope() == Scope.ROOM ? command.roomId() : null, command.idempotencyKey());
            if (first.isPresent()) {
                return accepted(first.get(), true);
            }
        }
        Message message = stamp(command, clock.millis());
        AppendResult appended = store.handsOffInOrder() ? storeInOrder(message) : order.inOrder(List.of(command), () -> {
            AppendResult result = command.scope() == Scope.ROOM
                    ? store.append(message, rules.admission()) : store.append(message);
            if (result instanceof AppendResult.Stored stored && !stored.duplicate()) {
                fanout.deliver(stored.stored());
            }
            return result;
        });
        return answer(message, appended);
    }

    /**
     * A batch as one step: every command checked before anything is stored, then one store call for
     * the whole batch (its rooms' budgets judged in it) and one hand-off of what it stored to
     * fan-out, in position order ({@link #appendAndHandOff}). If the store fails part way, what it
     * stored before is still handed off and counted, and the failure is thrown.
     */
    @Override
    public List<PublishResult> publishAll(List<PublishCommand> commands) {
        Objects.requireNonNull(commands, "commands");
        commands.forEach(this::checkPayload);
        long now = clock.millis();
        List<Message> messages = commands.stream().map(command -> stamp(command, now)).toList();
        return answers(messages, appendAndHandOff(commands, messages));
    }

    /**
     * The store call and the hand-off, in position order for every room: by the store itself when
     * it writes on one thread ({@link MessageStore#handsOffInOrder}: batches of different callers
     * then share its passes, whichever rooms they touch), else under {@link HandOffOrder}'s stripes.
     */
    private List<AppendResult> appendAndHandOff(List<PublishCommand> commands, List<Message> messages) {
        Supplier<List<AppendResult>> appendAndHandOff = () -> {
            try {
                return store.appendAll(messages, rules.admission(), fanout::deliverAll);
            } catch (PartialBatchException e) {
                answers(messages, e.done()); // counts what was stored before the failure
                throw e;
            }
        };
        return store.handsOffInOrder() ? appendAndHandOff.get() : order.inOrder(commands, appendAndHandOff);
    }

    /** One message through a store that hands off in order: a batch of one, its failure as the store's. */
    private AppendResult storeInOrder(Message message) {
        try {
            return store.appendAll(List.of(message), rules.admission(), fanout::deliverAll).get(0);
        } catch (PartialBatchException e) {
            RoomcastException failure = (RoomcastException) e.getCause();
            throw new RoomcastException(failure.code(), failure.getMessage(), e);
        }
    }

    private List<PublishResult> answers(List<Message> messages, List<AppendResult> appended) {
        List<PublishResult> answers = new ArrayList<>(appended.size());
        for (int i = 0; i < appended.size(); i++) {
            answers.add(answer(messages.get(i), appended.get(i)));
        }
        return answers;
    }

    private void checkPayload(PublishCommand command) {
        if (command.payload().size() > rules.maxPayloadBytes()) {
            throw new RoomcastException(ErrorCode.TOO_LARGE, "payload: " + command.payload().size()
                    + " bytes is over the limit of " + rules.maxPayloadBytes());
        }
    }

    /** The message of {@code command}, accepted at {@code now}: its id, its priority by the rule. */
    private Message stamp(PublishCommand command, long now) {
        Priority priority = rules.priorities().assign(command.category(), command.giftValue(), command.priority());
        return new Message(MessageId.generate(now), command.scope(), command.roomId(), command.recipient(),
                command.category(), priority, command.sender(), command.giftValue(), command.payload(),
                now, 0, command.stateKey(), command.version(), command.idempotencyKey(), null);
    }

    /** The answer for {@code message}, counting it in the room's activity. */
    private PublishResult answer(Message message, AppendResult appended) {
        if (appended instanceof AppendResult.Refused refused) {
            if (activity != null) {
                activity.discarded(message.roomId(), refused.reason());
            }
            return new PublishResult(message.id(), null, message.priority(), Outcome.discarded(refused.reason()), false);
        }
        AppendResult.Stored stored = (AppendResult.Stored) appended;
        if (!stored.duplicate() && activity != null && message.scope() == Scope.ROOM) {
            activity.accepted(message.roomId());
        }
        return accepted(stored.stored(), stored.duplicate());
    }

    private static PublishResult accepted(Message stored, boolean duplicate) {
        return new PublishResult(stored.id(), stored.position(), stored.priority(), Outcome.ACCEPTED, duplicate);
    }
}
