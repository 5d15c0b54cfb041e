import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one GPU architecture in an ELF shared library's CUDA kernels, for a smaller device payload
 * (scripts/device-payload.sh):
 * <pre>  java scripts/FatbinSlim.java IN.so OUT.so 90</pre>
 * The {@code .nv_fatbin} section holds fatbin containers, each a 16-byte header (u32 magic 0xBA55ED50, u16 version,
 * u16 header size, u64 size of the entries that follow) and entries (u16 kind: 2 = ELF cubin, 1 = PTX; u16; u32
 * entry header size; u64 payload size; u32 SM architecture at entry offset 28). In each container the cubins of
 * the wanted architecture move to the start of the entry area, the rest of the area is zero-filled and the
 * container's size shrinks to what it keeps; a container without such a cubin is left as it is (and listed).
 * The file's size and ELF layout do not change: the zeros are what xz then removes.
 */
public final class FatbinSlim {

    static final int MAGIC = 0xBA55ED50;
    static final int KIND_CUBIN = 2;

    /** What {@link #slim} did. */
    record Result(int containers, int slimmed, long keptBytes, long zeroedBytes, List<Long> untouched) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java scripts/FatbinSlim.java IN.so OUT.so SM  (e.g. 90 for sm_90, H100/H200)");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int arch = Integer.parseInt(args[2]);
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] section = section(ch, ".nv_fatbin");
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, section[0], section[1]);
            Result r = slim(map, arch);
            map.force();
            System.out.printf("%s: .nv_fatbin %,d bytes at 0x%x, %d containers, %d kept sm_%d only (%,d bytes kept,"
                            + " %,d zeroed)%n", out, section[1], section[0], r.containers(), r.slimmed(), arch,
                    r.keptBytes(), r.zeroedBytes());
            for (long at : r.untouched()) {
                System.out.printf("  container at section offset 0x%x has no sm_%d cubin: left untouched%n", at, arch);
            }
        }
    }

    /** Offset and size in the file of the named section, from the ELF64 section headers. */
    static long[] section(FileChannel ch, String name) throws IOException {
        ByteBuffer eh = read(ch, 0, 64);
        if (eh.getInt(0) != 0x464c457f || eh.get(4) != 2 || eh.get(5) != 1) {
            throw new IOException("not a little-endian ELF64 file");
        }
        long shoff = eh.getLong(0x28);
        int shentsize = Short.toUnsignedInt(eh.getShort(0x3a));
        int shnum = Short.toUnsignedInt(eh.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(eh.getShort(0x3e));
        if (shnum == 0 || shstrndx >= shnum) {
            throw new IOException("no section headers, or extended section numbering (not supported)");
        }
        ByteBuffer sh = read(ch, shoff, shentsize * shnum);
        long strOff = sh.getLong(shstrndx * shentsize + 24);
        long strSize = sh.getLong(shstrndx * shentsize + 32);
        ByteBuffer names = read(ch, strOff, Math.toIntExact(strSize));
        for (int i = 0; i < shnum; i++) {
            int base = i * shentsize;
            if (name.equals(cString(names, sh.getInt(base)))) {
                return new long[] {sh.getLong(base + 24), sh.getLong(base + 32)};
            }
        }
        throw new IOException("no " + name + " section");
    }

    /**
     * Rewrites the fatbin containers of a {@code .nv_fatbin} section in place (little endian, from position 0 to
     * the limit) so that each keeps only its cubins of {@code arch}.
     */
    static Result slim(ByteBuffer section, int arch) {
        ByteBuffer s = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int end = s.limit();
        int containers = 0;
        int slimmed = 0;
        long kept = 0;
        long zeroed = 0;
        List<Long> untouched = new ArrayList<>();
        int pos = 0;
        while (pos + 16 <= end) {
            if (s.getInt(pos) != MAGIC) {
                pos += 8; // containers are 8-aligned; padding between them
                continue;
            }
            containers++;
            int headerSize = Short.toUnsignedInt(s.getShort(pos + 6));
            int area = pos + headerSize;
            int areaEnd = Math.addExact(area, Math.toIntExact(s.getLong(pos + 8)));
            check(areaEnd <= end, pos, "runs past the section's end");
            List<int[]> keep = new ArrayList<>(); // offset and length of each kept entry
            for (int e = area; e < areaEnd; ) {
                check(e + 32 <= areaEnd, pos, "has a truncated entry header at 0x" + Integer.toHexString(e));
                int entryHeader = s.getInt(e + 4);
                int length = Math.addExact(entryHeader, Math.toIntExact(s.getLong(e + 8)));
                check(entryHeader >= 32 && e + length <= areaEnd, pos,
                        "has an entry running past its end at 0x" + Integer.toHexString(e));
                if (Short.toUnsignedInt(s.getShort(e)) == KIND_CUBIN && s.getInt(e + 28) == arch) {
                    keep.add(new int[] {e, length});
                }
                e += length;
            }
            if (keep.isEmpty()) {
                untouched.add((long) pos);
            } else {
                byte[] keptBytes = new byte[keep.stream().mapToInt(k -> k[1]).sum()];
                int at = 0;
                for (int[] k : keep) {
                    s.get(k[0], keptBytes, at, k[1]);
                    at += k[1];
                }
                s.put(area, keptBytes);
                s.put(area + keptBytes.length, new byte[areaEnd - area - keptBytes.length]);
                s.putLong(pos + 8, keptBytes.length);
                slimmed++;
                kept += keptBytes.length;
                zeroed += areaEnd - area - keptBytes.length;
            }
            pos = areaEnd;
        }
        return new Result(containers, slimmed, kept, zeroed, untouched);
    }

    private static void check(boolean ok, int container, String what) {
        if (!ok) {
            throw new IllegalStateException("fatbin container at section offset 0x" + Integer.toHexString(container)
                    + " " + what);
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("file ends before offset " + (at + size));
            }
        }
        return b.flip();
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
