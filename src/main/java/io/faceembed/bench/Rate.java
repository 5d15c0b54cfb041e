package io.faceembed.bench;

/**
 * One measured stage: {@code count} things in {@code seconds} of wall time, using {@code cpuSeconds} of this
 * process's CPU, with the machine's 1-minute load average at the end (the machine may be shared).
 */
public record Rate(double count, double seconds, double cpuSeconds, double loadAverage) {

    public double perSecond() {
        return seconds > 0 ? count / seconds : 0;
    }

    /** Two measured stretches as one (counts, times and CPU added; the later load average); {@code a} may be null. */
    static Rate sum(Rate a, Rate b) {
        return a == null ? b : new Rate(a.count + b.count, a.seconds + b.seconds, a.cpuSeconds + b.cpuSeconds,
                b.loadAverage);
    }

    /** Things per CPU-second of this process: steadier than {@link #perSecond()} on a busy machine. */
    public double perCpuSecond() {
        return cpuSeconds > 0 ? count / cpuSeconds : 0;
    }
}
