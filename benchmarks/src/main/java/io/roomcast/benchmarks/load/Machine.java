package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/** The facts of the machine and JVM a run used, for the report. Immutable. */
record Machine(int cores, String cpu, long memoryBytes, String kernel, String jvm, List<String> jvmArgs,
               long openFilesLimit, String localPortRange) {

    static Machine describe() {
        String cpu = "unknown";
        long memory = -1;
        try {
            for (String line : ProcFs.readFile(Path.of("/proc/cpuinfo")).split("\n")) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            memory = ProcFs.statusKb(ProcFs.readFile(Path.of("/proc/meminfo")), "MemTotal") * 1024;
        } catch (IOException e) {
            // Not Linux: the report says unknown.
        }
        String kernel = read("/proc/sys/kernel/osrelease", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        String ports = read("/proc/sys/net/ipv4/ip_local_port_range", "unknown").replaceAll("\\s+", "-");
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        long fds;
        try {
            fds = ProcFs.self().maxOpenFiles();
        } catch (RuntimeException e) {
            fds = -1;
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cpu, memory, kernel, jvm,
                ManagementFactory.getRuntimeMXBean().getInputArguments(), fds, ports);
    }

    private static String read(String path, String fallback) {
        try {
            return ProcFs.readFile(Path.of(path)).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
