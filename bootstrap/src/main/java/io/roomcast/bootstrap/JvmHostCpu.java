package io.roomcast.bootstrap;

import io.roomcast.application.port.out.HostCpu;
import java.lang.management.ManagementFactory;

/**
 * The machine's processor load as the JVM reads it ({@code com.sun.management.OperatingSystemMXBean},
 * on Linux from {@code /proc/stat} since the previous reading); not known on a JVM without that bean.
 */
final class JvmHostCpu implements HostCpu {
    private final com.sun.management.OperatingSystemMXBean os;

    private JvmHostCpu(com.sun.management.OperatingSystemMXBean os) {
        this.os = os;
    }

    static HostCpu create() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getCpuLoad() >= -1) { // the first reading starts the interval the next one measures
            return new JvmHostCpu(os);
        }
        return HostCpu.UNKNOWN;
    }

    @Override
    public double busy() {
        double load = os.getCpuLoad();
        return Double.isNaN(load) ? -1 : load;
    }
}
