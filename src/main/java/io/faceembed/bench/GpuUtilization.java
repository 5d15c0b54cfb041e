package io.faceembed.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the GPUs' utilisation with {@code nvidia-smi} while a stage runs (every 200 ms, all GPUs of the machine).
 * On a machine without {@code nvidia-smi} it samples nothing and says so.
 */
final class GpuUtilization implements AutoCloseable {

    /** Mean and highest utilisation (percent) over the samples, highest memory in use (MiB), sample count. */
    record Summary(double meanPercent, double maxPercent, double maxMemoryMiB, int samples) {
    }

    private final Process process;
    private final Thread reader;
    private final List<double[]> samples = new ArrayList<>();
    private final String unavailable;

    private GpuUtilization(Process process, String unavailable) {
        this.process = process;
        this.unavailable = unavailable;
        this.reader = process == null ? null : new Thread(this::read, "faceembed-gpu-sampler");
        if (reader != null) {
            reader.setDaemon(true);
            reader.start();
        }
    }

    static GpuUtilization start() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=utilization.gpu,memory.used",
                    "--format=csv,noheader,nounits", "-lms", "200").redirectErrorStream(true).start();
            return new GpuUtilization(p, null);
        } catch (IOException e) {
            return new GpuUtilization(null, "no nvidia-smi on this machine");
        }
    }

    /** Each GPU's name, driver and memory as nvidia-smi reports them, or {@code null} without nvidia-smi. */
    static String describeGpus() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,driver_version,memory.total",
                    "--format=csv,noheader").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && !text.isEmpty() ? text.replace("\n", "; ") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] parts = line.split(",");
                if (parts.length == 2) {
                    try {
                        double[] sample = {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
                        synchronized (samples) {
                            samples.add(sample);
                        }
                    } catch (NumberFormatException ignored) {
                        // a warning line from nvidia-smi, not a sample
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was stopped: sampling is over
        }
    }

    /** The samples so far, or {@code null} when none could be taken ({@link #whyNone()} says why). */
    Summary summary() {
        synchronized (samples) {
            if (samples.isEmpty()) {
                return null;
            }
            double sum = 0;
            double max = 0;
            double memory = 0;
            for (double[] s : samples) {
                sum += s[0];
                max = Math.max(max, s[0]);
                memory = Math.max(memory, s[1]);
            }
            return new Summary(sum / samples.size(), max, memory, samples.size());
        }
    }

    String whyNone() {
        return unavailable != null ? unavailable : "nvidia-smi gave no sample";
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
