package io.roomcast.application.push;

import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.SessionTransport;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.port.out.UserTokens;
import java.util.Objects;
import java.util.concurrent.Executor;

/** Opens viewer sessions ({@link Session}) over the push core, for every transport. Thread-safe. */
public final class SessionService implements OpenSessionUseCase {
    private final PushUseCase push;
    private final UserTokens tokens;
    private final SessionSettings settings;

    public SessionService(PushUseCase push, UserTokens tokens, SessionSettings settings) {
        this.push = Objects.requireNonNull(push, "push");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ViewerSession open(TaskLoop loop, SessionTransport transport, Executor blocking) {
        return new Session(push, tokens, settings, loop, transport, blocking);
    }

    @Override
    public SessionSettings settings() {
        return settings;
    }
}
