package io.xsfu.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The server's counters in a memory-mapped file (like Aeron's CnC file), so another process ({@code xsfu
 * stats}, the demo, a test) reads them live without any call into the server. Layout: a 64-byte header,
 * then Agrona's counter metadata, then the counter values. The file is deleted on close.
 *
 * <p>Writers: the thread that allocates counters must be the only one doing so (Agrona's CountersManager
 * is not thread-safe for allocation); values are single-writer and published with release stores.
 */
public final class CountersFile implements AutoCloseable {
    public static final String SUFFIX = ".counters";
    static final long MAGIC = 0x31544e4355465358L; // "XSFUCNT1" little-endian
    static final int HEADER_LENGTH = 64;
    private static final int OFF_MAGIC = 0;
    private static final int OFF_PID = 8;
    private static final int OFF_META_LENGTH = 12;
    private static final int OFF_VALUES_LENGTH = 16;
    private static final int OFF_START_MILLIS = 24;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final CountersManager manager;

    private CountersFile(Path path, MappedByteBuffer mapped, CountersManager manager) {
        this.path = path;
        this.mapped = mapped;
        this.manager = manager;
    }

    /** Creates {@code <directory>/xsfu-<pid>.counters} with room for {@code maxCounters} counters. */
    public static CountersFile create(Path directory, int maxCounters) {
        int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        int metaLength = maxCounters * CountersReader.METADATA_LENGTH;
        long pid = ProcessHandle.current().pid();
        Path path = directory.resolve("xsfu-" + pid + SUFFIX);
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create counters file in " + directory, e);
        }
        MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), HEADER_LENGTH + (long) metaLength + valuesLength, true);
        UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        UnsafeBuffer meta = new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength);
        UnsafeBuffer values = new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength);
        header.putInt(OFF_PID, (int) pid);
        header.putInt(OFF_META_LENGTH, metaLength);
        header.putInt(OFF_VALUES_LENGTH, valuesLength);
        header.putLong(OFF_START_MILLIS, System.currentTimeMillis());
        // The magic goes last, with release semantics: a reader that sees it sees a complete header.
        header.putLongRelease(OFF_MAGIC, MAGIC);
        return new CountersFile(path, mapped, new CountersManager(meta, values, StandardCharsets.UTF_8));
    }

    public CountersManager manager() {
        return manager;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A read-only view of a counters file written by a (possibly other) process. */
    public record View(Path path, long pid, long startMillis, CountersReader reader, MappedByteBuffer mapped)
            implements AutoCloseable {
        /** The value of the counter with exactly this label, if present. */
        public Optional<Long> value(String label) {
            long[] found = {0};
            boolean[] present = {false};
            reader.forEach((value, id, l) -> {
                if (l.equals(label)) {
                    found[0] = value;
                    present[0] = true;
                }
            });
            return present[0] ? Optional.of(found[0]) : Optional.empty();
        }

        /** Every counter, label and value, in allocation order. */
        public List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            reader.forEach((value, id, label) -> out.add(new Entry(id, label, value)));
            return out;
        }

        public boolean ownerAlive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        @Override
        public void close() {
            IoUtil.unmap(mapped);
        }
    }

    public record Entry(int id, String label, long value) {
    }

    /** Opens a counters file for reading. */
    public static View open(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            if (header.getLongAcquire(OFF_MAGIC) != MAGIC) {
                IoUtil.unmap(mapped);
                throw new IllegalStateException(path + " is not an xsfu counters file (or is still being created)");
            }
            int metaLength = header.getInt(OFF_META_LENGTH);
            int valuesLength = header.getInt(OFF_VALUES_LENGTH);
            UnsafeBuffer meta = new UnsafeBuffer(mapped, HEADER_LENGTH, metaLength);
            UnsafeBuffer values = new UnsafeBuffer(mapped, HEADER_LENGTH + metaLength, valuesLength);
            return new View(path, header.getInt(OFF_PID), header.getLong(OFF_START_MILLIS),
                    new CountersReader(meta, values, StandardCharsets.UTF_8), mapped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open counters file " + path, e);
        }
    }

    /** The newest counters file in {@code directory} whose server is alive. */
    public static Optional<Path> findLive(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (var files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(CountersFile::ownerAlive)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean ownerAlive(Path p) {
        String name = p.getFileName().toString();
        try {
            long pid = Long.parseLong(name.substring("xsfu-".length(), name.length() - SUFFIX.length()));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
