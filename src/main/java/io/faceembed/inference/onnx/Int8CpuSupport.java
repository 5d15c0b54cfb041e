package io.faceembed.inference.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether this machine's CPU has the 8-bit dot products (AVX-512 VNNI, AVX-VNNI, AMX) that an 8-bit model needs on
 * x86-64. Without them ONNX Runtime multiplies uint8 by int8 with an instruction whose 16-bit sums saturate, which
 * changes what the model finds (7-bit weights, the usual way around it, lose faces in face-api's detector).
 */
public final class Int8CpuSupport {

    private static final Set<String> DOT_PRODUCT_FLAGS = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

    private Int8CpuSupport() {
    }

    /** A one-line problem with this machine, or {@code null} when it has them or cannot be inspected. */
    public static String problem() {
        return problem(System.getProperty("os.arch", ""), Path.of("/proc/cpuinfo"));
    }

    /**
     * @param arch    the JVM's {@code os.arch}: only x86-64 is checked (ARM's 8-bit dot products do not saturate)
     * @param cpuinfo Linux's CPU description; where it cannot be read, nothing is claimed
     */
    static String problem(String arch, Path cpuinfo) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (!a.equals("amd64") && !a.equals("x86_64")) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException e) {
            return null;
        }
        boolean sawFlags = false;
        for (String line : lines) {
            if (line.startsWith("flags")) {
                sawFlags = true;
                for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (DOT_PRODUCT_FLAGS.contains(flag)) {
                        return null;
                    }
                }
            }
        }
        return sawFlags ? "this CPU has no 8-bit dot products (AVX-512 VNNI, AVX-VNNI or AMX), without which the"
                + " 8-bit model's results change; use the float model" : null;
    }
}
