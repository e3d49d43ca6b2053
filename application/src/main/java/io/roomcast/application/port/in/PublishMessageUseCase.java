package io.roomcast.application.port.in;

import java.util.List;

/** Use case: a business server publishes messages to rooms, users or everyone. Thread-safe. */
public interface PublishMessageUseCase {

    /** Stamps, prioritises, admits or discards, stores and hands to fan-out one message. */
    PublishResult publish(PublishCommand command);

    /** Publishes each command in order; one answer per command. */
    default List<PublishResult> publishAll(List<PublishCommand> commands) {
        return commands.stream().map(this::publish).toList();
    }
}
