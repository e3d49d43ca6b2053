package io.roomcast.application.port.out;

/**
 * Port: how busy the machine's processors are, all processes together. The push core makes fewer,
 * bigger blocks when the machine is nearly saturated: each block costs a write (and a TLS record)
 * per viewer, whoever else needs the processors.
 */
@FunctionalInterface
public interface HostCpu {
    /** Not known: the push core goes by its own loops only. */
    HostCpu UNKNOWN = () -> -1;

    /** The share of the machine's CPU time used since the last call, 0 to 1, or negative if not known. */
    double busy();
}
