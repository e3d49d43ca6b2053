package io.roomcast.bootstrap;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node process's memory policy: resident memory follows what the node holds, so a node of
 * mostly idle connections costs what they need, not what its busiest minute left behind.
 *
 * <ul>
 *   <li><b>Heap</b>: {@code MinHeapFreeRatio=10}, {@code MaxHeapFreeRatio=20} (G1 keeps 10-20% of
 *       the heap free after a full collection or a concurrent cycle's remark, not 40-70%), and
 *       {@code G1PeriodicGCInterval}: a node that ran no collection for that long runs a concurrent
 *       cycle, whose remark gives the unused heap back. A busy node collects anyway and never runs one.</li>
 *   <li><b>Native</b>: every interval glibc's free pages go back to the system (the JVM's
 *       {@code System.trim_native_heap} command): TLS handshakes leave freed but resident
 *       memory behind them, which the connections that stay never use.</li>
 * </ul>
 *
 * <p>The flags are the JVM's manageable ones, set at run time because {@code java -jar} cannot carry
 * them; a flag given on the command line wins (it is left as given). A process-wide policy, so the
 * launcher applies it, not {@link Roomcast} (tests run many nodes in one JVM). Idempotent per flag.
 */
public final class LeanMemory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeanMemory.class);
    private static final ObjectName DIAGNOSTIC_COMMAND = name("com.sun.management:type=DiagnosticCommand");
    private static final String TRIM = "systemTrimNativeHeap";

    private final ScheduledExecutorService trimmer;

    private LeanMemory(ScheduledExecutorService trimmer) {
        this.trimmer = trimmer;
    }

    /** Applies the policy with the given interval in seconds; 0 leaves the JVM as it was started. */
    public static LeanMemory start(int intervalSeconds) {
        if (intervalSeconds <= 0) {
            return new LeanMemory(null);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("MinHeapFreeRatio", "10");
        flags.put("MaxHeapFreeRatio", "20");
        flags.put("G1PeriodicGCInterval", String.valueOf(TimeUnit.SECONDS.toMillis(intervalSeconds)));
        Map<String, String> applied = setUnlessGiven(flags);
        boolean trims = canTrim();
        LOG.info("memory: {}{}", applied.isEmpty() ? "JVM flags as given" : applied,
                trims ? ", native heap trimmed every " + intervalSeconds + " s" : ", native heap not trimmed (not offered by this JVM)");
        if (!trims) {
            return new LeanMemory(null);
        }
        ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roomcast-memory");
            t.setDaemon(true);
            return t;
        });
        trimmer.scheduleWithFixedDelay(LeanMemory::trim, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        return new LeanMemory(trimmer);
    }

    /** Sets each manageable flag still at its default; returns what it set. */
    static Map<String, String> setUnlessGiven(Map<String, String> flags) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, String> applied = new LinkedHashMap<>();
        // MinHeapFreeRatio may not exceed MaxHeapFreeRatio at any moment: lowering the minimum goes first.
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            VMOption option;
            try {
                option = hotspot.getVMOption(flag.getKey());
            } catch (IllegalArgumentException e) {
                continue; // not a flag of this JVM
            }
            if (option.getOrigin() != VMOption.Origin.DEFAULT || !option.isWriteable()) {
                continue;
            }
            try {
                hotspot.setVMOption(flag.getKey(), flag.getValue());
                applied.put(flag.getKey(), flag.getValue());
            } catch (IllegalArgumentException e) {
                LOG.warn("memory: cannot set {}={}: {}", flag.getKey(), flag.getValue(), e.getMessage());
            }
        }
        return applied;
    }

    static boolean canTrim() {
        try {
            return Arrays.stream(server().getMBeanInfo(DIAGNOSTIC_COMMAND).getOperations())
                    .anyMatch(op -> op.getName().equals(TRIM));
        } catch (JMException e) {
            return false;
        }
    }

    /** One trim; its report ("Trim native heap: RSS+Swap: 488M->459M (-29500K)") goes to the debug log. */
    static String trim() {
        try {
            String report = String.valueOf(server().invoke(DIAGNOSTIC_COMMAND, TRIM, new Object[] {new String[0]},
                    new String[] {String[].class.getName()})).trim();
            LOG.debug("memory: {}", report);
            return report;
        } catch (JMException | RuntimeException e) {
            LOG.debug("memory: native heap trim failed: {}", e.toString());
            return "";
        }
    }

    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (trimmer != null) {
            trimmer.shutdownNow();
        }
    }
}
