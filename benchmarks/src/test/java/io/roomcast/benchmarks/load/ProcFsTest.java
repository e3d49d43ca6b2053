package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void givenAStatLineWithSpacesAndParensInTheName_cpuTicks_isUtimePlusStime() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 123 0 0 0 1500 250 3 4 20 0 37 0 100 0 0";
        assertThat(ProcFs.cpuTicks(stat)).isEqualTo(1_750);
        assertThat(ProcFs.systemTicks(stat)).isEqualTo(250);
    }

    @Test
    void givenAStatusTable_statusKb_readsTheField() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  900000 kB\nVmRSS:\t  812345 kB\nThreads:\t37\n";
        assertThat(ProcFs.statusKb(status, "VmRSS")).isEqualTo(812_345);
        assertThat(ProcFs.statusKb(status, "VmHWM")).isEqualTo(900_000);
        assertThat(ProcFs.statusKb(status, "Threads")).isEqualTo(37);
        assertThat(ProcFs.statusKb(status, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void givenALimitsTable_maxOpenFiles_isTheSoftLimit() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             96365                96365                processes
                Max open files            20000                40000                files
                """;
        assertThat(ProcFs.maxOpenFiles(limits)).isEqualTo(20_000);
    }
}
