package io.faceembed.bench;

import java.lang.management.ManagementFactory;

/** Wall time, this process's CPU time and the load average over one measured stretch. */
public final class Stopwatch {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long wall0 = System.nanoTime();
    private final long cpu0 = OS.getProcessCpuTime();

    public static Stopwatch start() {
        return new Stopwatch();
    }

    /** The rate of {@code count} things over the time since {@link #start()}. */
    public Rate stop(double count) {
        double seconds = (System.nanoTime() - wall0) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        return new Rate(count, seconds, cpu, loadAverage());
    }

    public static double loadAverage() {
        return OS.getSystemLoadAverage();
    }
}
