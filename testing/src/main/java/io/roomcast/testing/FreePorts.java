package io.roomcast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports for a child process that needs several (a node's HTTP and long-connection
 * ports): all bound at once and released together, so they are distinct. One at a time, the system
 * may hand the port just released out again, and the child then fails to start with "Address
 * already in use" on its second listener (seen in a load run on 2026-12-07). Another process may
 * still take one between the release and the child's bind.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code n} distinct loopback ports that were free a moment ago. */
    public static int[] loopback(int n) {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // released anyway when the process ends; nothing to report
                    }
                }
            }
        }
    }
}
