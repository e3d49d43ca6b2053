package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The report parts every scenario shares: the header (what ran, where, on what machine), the notes
 * section, and the summary rows of CPU, memory, syscalls and GC over one phase. Stateless.
 */
final class ScenarioReport {
    private ScenarioReport() {
    }

    /** The report's title, purpose and table of facts about the run. */
    static String header(Scenario s) {
        Machine machine = s.machine;
        ServerUnderTest server = s.server;
        long serverOpenFiles = s.serverOpenFiles();
        Report h = new Report();
        h.heading(1, "roomcast load: " + s.name());
        h.para(s.purpose());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("fact", "value"));
        rows.add(List.of("Date (UTC)", s.startedAt().toString()));
        rows.add(List.of("Command", "`" + s.command + "`"));
        rows.add(List.of("Machine", machine.cores() + " cores (" + machine.cpu() + "), "
                + Fmt.mib(machine.memoryBytes()) + " RAM, Linux " + machine.kernel()));
        rows.add(List.of("JVM", machine.jvm()));
        rows.add(List.of("Open-files limit", "generator " + Fmt.count(machine.openFilesLimit())
                + (serverOpenFiles > 0 ? ", server " + Fmt.count(serverOpenFiles) : "")
                + "; local port range " + machine.localPortRange()));
        if (server != null) {
            rows.add(List.of("Server", server.spawned() ? "spawned by the generator, pid " + server.pid : "already running"
                    + (server.pid > 0 ? ", pid " + server.pid : "")));
            rows.add(List.of("Server command", "`" + elideSecrets(server.command) + "`"));
        }
        rows.add(List.of("Sharing", "client and server run on the same " + machine.cores()
                + " cores: every CPU figure is given for both sides"));
        rows.add(List.of("Logs", s.workDir.toString()));
        h.table(rows);
        return h.toString();
    }

    /** The "Notes and limits" section, or "" without notes. */
    static String notesSection(List<String> notes) {
        if (notes.isEmpty()) {
            return "";
        }
        Report n = new Report();
        n.heading(2, "Notes and limits");
        notes.forEach(n::bullet);
        n.end();
        return n.toString();
    }

    static String elideSecrets(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String arg : command) {
            if (arg.startsWith("--api.keys=") || arg.startsWith("--token.secret=")) {
                out.add(arg.substring(0, arg.indexOf('=') + 1) + "<generated>");
            } else {
                out.add(arg);
            }
        }
        return String.join(" ", out);
    }

    /** Summary rows of a run's CPU, memory, syscalls and GC over one phase. */
    static List<List<String>> resourceRows(Machine machine, Meter meter, Meter.Totals t, JvmTools.Pauses serverGc,
                                           Scenario.Syscalls perf) {
        List<List<String>> rows = new ArrayList<>();
        int cores = machine.cores();
        if (meter.seesServer()) {
            rows.add(Scenario.row("Server CPU", Fmt.cores(t.serverCores()) + " cores (" + Fmt.pct(t.serverCores() / cores)
                    + " of the machine); " + Fmt.pct(t.serverCpu == 0 ? 0 : t.serverSys / t.serverCpu) + " of it in the kernel"));
        } else {
            rows.add(Scenario.row("Server CPU", "not measured (no server pid)"));
        }
        rows.add(Scenario.row("Client (generator) CPU", Fmt.cores(t.clientCores()) + " cores (" + Fmt.pct(t.clientCores() / cores)
                + " of the machine); " + Fmt.pct(t.clientCpu == 0 ? 0 : t.clientSys / t.clientCpu) + " of it in the kernel"));
        rows.add(Scenario.row("Machine CPU used by both", Fmt.cores(t.serverCores() + t.clientCores()) + " of " + cores + " cores"));
        if (meter.seesServer()) {
            rows.add(Scenario.row("Server RSS (end / peak)", Fmt.mib(t.serverRss) + " / " + Fmt.mib(t.peakServerRss)));
        }
        if (serverGc != null) {
            rows.add(Scenario.row("Server GC pauses", Fmt.count(serverGc.count()) + " pauses, " + String.format(java.util.Locale.ROOT,
                    "%.0f ms", serverGc.millis()) + " (" + Fmt.pct(t.seconds == 0 ? 0 : serverGc.millis() / 1000 / t.seconds)
                    + " of the time)"));
        }
        rows.add(Scenario.row("Client RSS", Fmt.mib(t.clientRss)));
        rows.add(Scenario.row("Client GC", Fmt.count(t.clientGcs) + " collections, " + Fmt.count(t.clientGcMillis) + " ms"));
        if (perf != null) {
            rows.add(Scenario.row("Server syscalls (perf stat, " + perf.seconds() + " s in the middle of the window)",
                    PerfStat.rates(perf.server(), perf.seconds())));
            rows.add(Scenario.row("Client syscalls (same slice)", PerfStat.rates(perf.client(), perf.seconds())));
        }
        return rows;
    }
}
