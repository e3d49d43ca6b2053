package io.roomcast.benchmarks.load;

import io.roomcast.testing.NginxProcess;
import java.util.List;

/**
 * What nginx did in a measured window of the {@code slices-nginx} polling phase, from its access
 * log (every request and background refresh is a line; a line with an upstream address reached
 * roomcast) and its processes' CPU: heads and slices served to guests, and how many of each reached
 * roomcast.
 */
record ViaNginx(long headsServed, long slicesServed, long headsUpstream, long slicesUpstream, double nginxCpuSeconds) {

    long served() {
        return headsServed + slicesServed;
    }

    long upstream() {
        return headsUpstream + slicesUpstream;
    }

    /** Takes the growth between {@link #begin()} and {@link #end()}. Not thread-safe. */
    static final class Sampler {
        private final NginxProcess nginx;
        private final List<ProcFs> processes;
        private ViaNginx start;

        Sampler(NginxProcess nginx) {
            this.nginx = nginx;
            this.processes = nginx.pids().stream().map(ProcFs::of).toList();
        }

        void begin() {
            start = now();
        }

        ViaNginx end() {
            ViaNginx end = now();
            return new ViaNginx(end.headsServed - start.headsServed, end.slicesServed - start.slicesServed,
                    end.headsUpstream - start.headsUpstream, end.slicesUpstream - start.slicesUpstream,
                    end.nginxCpuSeconds - start.nginxCpuSeconds);
        }

        private ViaNginx now() {
            long heads = 0;
            long slices = 0;
            long headsUp = 0;
            long slicesUp = 0;
            for (NginxProcess.AccessLine line : nginx.accessLog()) {
                boolean head = line.requestUri().endsWith("/slices");
                if (head) {
                    heads++;
                    headsUp += line.reachedUpstream() ? 1 : 0;
                } else {
                    slices++;
                    slicesUp += line.reachedUpstream() ? 1 : 0;
                }
            }
            double cpu = processes.stream().filter(ProcFs::alive).mapToDouble(ProcFs::cpuSeconds).sum();
            return new ViaNginx(heads, slices, headsUp, slicesUp, cpu);
        }
    }
}
