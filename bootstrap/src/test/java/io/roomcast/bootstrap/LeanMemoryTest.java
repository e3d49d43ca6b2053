package io.roomcast.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory policy on this test JVM: flags set once unless given, unknown flags skipped, a real trim. */
class LeanMemoryTest {
    private static final HotSpotDiagnosticMXBean HOTSPOT = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void givenAFlagAtItsDefault_itIsSetOnce_andAFlagSetBeforeIsLeftAsItIs() {
        // G1PeriodicGCInterval's default value, so this test does not change how its JVM collects.
        String unchanged = HOTSPOT.getVMOption("G1PeriodicGCInterval").getValue();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("G1PeriodicGCInterval", unchanged);
        flags.put("NoSuchFlagInThisJvm", "1");

        Map<String, String> first = LeanMemory.setUnlessGiven(flags);
        Map<String, String> second = LeanMemory.setUnlessGiven(flags);

        assumeThat(first).as("the flag was still at its default in this JVM").isNotEmpty();
        assertThat(first).containsExactly(Map.entry("G1PeriodicGCInterval", unchanged));
        assertThat(second).as("set by management now, so given: left alone").isEmpty();
        assertThat(HOTSPOT.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(unchanged);
    }

    @Test
    void givenThisJvmOffersIt_aTrimReportsWhatItGaveBack() {
        assumeThat(LeanMemory.canTrim()).as("System.trim_native_heap offered (glibc, JDK 17.0.9+)").isTrue();

        assertThat(LeanMemory.trim()).startsWith("Trim native heap");
    }

    @Test
    void givenIntervalZero_nothingIsSetOrStarted() {
        String before = HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue();

        LeanMemory.start(0).close();

        assertThat(HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(before);
    }
}
