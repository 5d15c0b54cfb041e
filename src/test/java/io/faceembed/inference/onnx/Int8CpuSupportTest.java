package io.faceembed.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8CpuSupportTest {

    @TempDir
    Path dir;

    private Path cpuinfo(String flags) throws Exception {
        return Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: " + flags
                + "\n\nprocessor\t: 1\nflags\t\t: " + flags + "\n");
    }

    @Test
    void anAvx2OnlyCpuIsRefusedInOneLine() throws Exception {
        String problem = Int8CpuSupport.problem("amd64", cpuinfo("fpu sse sse2 avx avx2 fma avx512f avx512bw"));

        assertTrue(problem != null && problem.contains("VNNI"), String.valueOf(problem));
        assertFalse(problem.contains("\n"));
    }

    @Test
    void anyOfTheDotProductFlagsIsEnough() throws Exception {
        assertNull(Int8CpuSupport.problem("amd64", cpuinfo("sse2 avx2 avx512f avx512_vnni")));
        assertNull(Int8CpuSupport.problem("x86_64", cpuinfo("sse2 avx2 avx_vnni")));
        assertNull(Int8CpuSupport.problem("amd64", cpuinfo("sse2 avx2 amx_tile amx_int8")));
    }

    @Test
    void otherMachinesAndUnreadableDescriptionsClaimNothing() throws Exception {
        assertNull(Int8CpuSupport.problem("aarch64", cpuinfo("fp asimd")));
        assertNull(Int8CpuSupport.problem("amd64", dir.resolve("missing")));
        assertNull(Int8CpuSupport.problem("amd64", Files.writeString(dir.resolve("empty"), "processor\t: 0\n")));
    }
}
