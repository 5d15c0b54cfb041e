package io.faceembed.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/FatbinSlim.java, run as the payload script runs it, on a synthetic ELF64 file: a {@code .nv_fatbin}
 * section of two containers with cubins for sm_75, sm_90 and sm_120, and a third container without sm_90.
 */
class FatbinSlimTest {

    private static final int SECTION_AT = 0x100;

    @Test
    void keepsTheWantedCubinAndZeroesTheRest(@TempDir Path dir) throws Exception {
        byte[] a90 = entry(90, 64, 40, 0xA9);
        byte[] b90 = entry(90, 112, 24, 0xB9);
        ByteArrayOutputStream fatbin = new ByteArrayOutputStream();
        int first = fatbin.size();
        container(fatbin, entry(75, 64, 48, 0xA7), a90, entry(120, 64, 16, 0xAC));
        fatbin.write(new byte[8]); // padding between containers
        int second = fatbin.size();
        container(fatbin, entry(120, 112, 32, 0xBC), entry(75, 64, 8, 0xB7), b90);
        int third = fatbin.size();
        container(fatbin, entry(80, 64, 16, 0xC8));
        byte[] section = fatbin.toByteArray();
        byte[] elf = elf(section);
        Path in = dir.resolve("in.so");
        Path out = dir.resolve("out.so");
        Files.write(in, elf);

        String printed = run(in, out);

        byte[] slim = Files.readAllBytes(out);
        assertEquals(elf.length, slim.length);
        assertArrayEquals(Arrays.copyOf(elf, SECTION_AT), Arrays.copyOf(slim, SECTION_AT), "the ELF header moved");
        ByteBuffer s = ByteBuffer.wrap(slim, SECTION_AT, section.length).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertKeeps(s, first, a90, second);
        assertKeeps(s, second, b90, third);
        assertArrayEquals(Arrays.copyOfRange(section, third, section.length),
                Arrays.copyOfRange(slim, SECTION_AT + third, SECTION_AT + section.length), "third container changed");
        assertArrayEquals(Arrays.copyOfRange(elf, SECTION_AT + section.length, elf.length),
                Arrays.copyOfRange(slim, SECTION_AT + section.length, slim.length), "the section headers changed");
        assertTrue(printed.contains("3 containers, 2 kept sm_90 only"), printed);
        assertTrue(printed.contains("container at section offset 0x" + Integer.toHexString(third)
                + " has no sm_90 cubin: left untouched"), printed);
    }

    /** The container at {@code at} holds {@code kept} only, then zeros up to {@code next}. */
    private static void assertKeeps(ByteBuffer s, int at, byte[] kept, int next) {
        assertEquals(0xBA55ED50, s.getInt(at));
        assertEquals(kept.length, s.getLong(at + 8));
        byte[] area = new byte[next - at - 16];
        s.get(at + 16, area);
        assertArrayEquals(kept, Arrays.copyOf(area, kept.length));
        for (int i = kept.length; i < area.length; i++) {
            assertEquals(0, area[i], "byte " + i + " of the container at 0x" + Integer.toHexString(at));
        }
    }

    private static String run(Path in, Path out) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "scripts/FatbinSlim.java", in.toString(), out.toString(), "90")
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        return printed;
    }

    /** A fatbin entry: kind 2 (ELF cubin), its header, then a payload of one repeated byte. */
    private static byte[] entry(int arch, int headerSize, int payloadSize, int fill) {
        ByteBuffer b = ByteBuffer.allocate(headerSize + payloadSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 2).putShort(2, (short) 0x101).putInt(4, headerSize).putLong(8, payloadSize)
                .putInt(28, arch);
        for (int i = 0; i < headerSize; i += 4) {
            if (i >= 32) {
                b.putInt(i, fill); // the rest of the header is not zero either
            }
        }
        for (int i = headerSize; i < headerSize + payloadSize; i++) {
            b.put(i, (byte) fill);
        }
        return b.array();
    }

    private static void container(ByteArrayOutputStream out, byte[]... entries) {
        int size = Arrays.stream(entries).mapToInt(e -> e.length).sum();
        out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xBA55ED50).putShort((short) 1).putShort((short) 16).putLong(size).array());
        for (byte[] e : entries) {
            out.writeBytes(e);
        }
    }

    /** An ELF64 file: header, the section at {@link #SECTION_AT}, the names, then 3 section headers. */
    private static byte[] elf(byte[] section) {
        byte[] names = "\0.shstrtab\0.nv_fatbin\0".getBytes(StandardCharsets.US_ASCII);
        int namesAt = SECTION_AT + section.length;
        int shoff = (namesAt + names.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 3).putShort(18, (short) 62).putInt(20, 1).putLong(0x28, shoff)
                .putShort(0x34, (short) 64).putShort(0x3a, (short) 64).putShort(0x3c, (short) 3)
                .putShort(0x3e, (short) 1);
        for (int i = 0; i < 0xC0; i++) {
            b.put(0x40 + i, (byte) i); // other contents before the section, which must not change
        }
        b.put(SECTION_AT, section).put(namesAt, names);
        sectionHeader(b, shoff + 64, 1, 3, namesAt, names.length);
        sectionHeader(b, shoff + 128, 11, 1, SECTION_AT, section.length);
        return b.array();
    }

    private static void sectionHeader(ByteBuffer b, int at, int name, int type, long offset, long size) {
        b.putInt(at, name).putInt(at + 4, type).putLong(at + 24, offset).putLong(at + 32, size);
    }
}
