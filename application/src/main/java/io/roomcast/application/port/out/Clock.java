package io.roomcast.application.port.out;

/** Port: the current time in epoch milliseconds. Tests drive a fake; nothing sleeps to let time pass. */
@FunctionalInterface
public interface Clock {
    long millis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
