package io.xsfu.xdp;

import static io.xsfu.sys.Native.C_INT;
import static io.xsfu.sys.Native.C_LONG;
import static io.xsfu.sys.Native.C_POINTER;

import io.xsfu.sys.Native;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where libbpf's and libxdp's messages go: a {@link System.Logger} per library instead of the process's
 * stderr. Both libraries hand their print callback a printf format and a {@code va_list}; the upcall
 * formats it with the C library's {@code vsnprintf}, which takes the {@code va_list} as the pointer the
 * callback received (true of the x86-64 and AArch64 Linux ABIs, where a {@code va_list} argument is
 * passed by reference).
 *
 * <p>A thread can {@link #capture()} the messages of one operation and decide afterwards how loud they
 * are: libxdp probes optional kernel features while attaching, and libbpf reports each failed probe as a
 * warning even when the attach then succeeds another way. On success those are debug chatter; on failure
 * they are the diagnosis (the verifier log among them).
 */
public final class NativeLog {
    static final int LEVEL_WARN = 0;
    static final int LEVEL_INFO = 1;
    static final int LEVEL_DEBUG = 2;
    private static final int MESSAGE_CAPACITY = 4096;

    private static final MethodHandle VSNPRINTF = Native.plain(Native.LINKER.defaultLookup(), "vsnprintf",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER));
    private static final FunctionDescriptor PRINT_FN = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
    private static final MethodHandle PRINT;
    private static final ThreadLocal<Capture> CAPTURE = new ThreadLocal<>();

    static {
        try {
            PRINT = MethodHandles.lookup().findStatic(NativeLog.class, "print",
                    MethodType.methodType(int.class, Logger.class, int.class, MemorySegment.class,
                            MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeLog() {
    }

    /** A C print callback that sends every message to {@code loggerName}; lives as long as the JVM. */
    static MemorySegment callback(String loggerName) {
        MethodHandle bound = MethodHandles.insertArguments(PRINT, 0, System.getLogger(loggerName));
        return Native.LINKER.upcallStub(bound, PRINT_FN, Arena.global());
    }

    /**
     * Starts holding back this thread's library messages until {@link Capture#succeeded()} (logged at
     * DEBUG) or {@link Capture#close()} without success (logged at their own level).
     */
    public static Capture capture() {
        Capture c = new Capture(CAPTURE.get());
        CAPTURE.set(c);
        return c;
    }

    /** Runs on whichever thread called into the library; must never throw back into C. */
    @SuppressWarnings("unused")
    private static int print(Logger logger, int level, MemorySegment format, MemorySegment args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MESSAGE_CAPACITY);
            int n = (int) VSNPRINTF.invokeExact(buffer, (long) MESSAGE_CAPACITY, format, args);
            if (n < 0) {
                return 0;
            }
            String message = buffer.getString(0).stripTrailing();
            if (message.isEmpty()) {
                return 0;
            }
            Capture capture = CAPTURE.get();
            if (capture != null) {
                capture.add(logger, level(level), message);
            } else {
                logger.log(level(level), message);
            }
        } catch (Throwable t) {
            // Nothing sensible to do: the library goes on, and an exception here would crash the JVM.
        }
        return 0;
    }

    /** libbpf's INFO is chatter for us (section skipping, map creation); its DEBUG is tracing. */
    private static Level level(int libraryLevel) {
        return switch (libraryLevel) {
            case LEVEL_WARN -> Level.WARNING;
            case LEVEL_INFO -> Level.DEBUG;
            default -> Level.TRACE;
        };
    }

    /** Messages held back for one operation on one thread. Not thread-safe: use on the capturing thread. */
    public static final class Capture implements AutoCloseable {
        private final Capture outer;
        private final List<Entry> entries = new ArrayList<>();
        private boolean done;

        private Capture(Capture outer) {
            this.outer = outer;
        }

        private void add(Logger logger, Level level, String message) {
            entries.add(new Entry(logger, level, message));
        }

        /** The captured messages, oldest first. */
        public List<String> messages() {
            return entries.stream().map(Entry::message).toList();
        }

        /** The operation worked: what the libraries complained about on the way is debug detail. */
        public void succeeded() {
            finish(true);
        }

        /** Without {@link #succeeded()}, the messages are logged at the level the library gave them. */
        @Override
        public void close() {
            finish(false);
        }

        private void finish(boolean quiet) {
            if (done) {
                return;
            }
            done = true;
            if (outer != null) {
                CAPTURE.set(outer);
            } else {
                CAPTURE.remove();
            }
            for (Entry e : entries) {
                Level level = quiet && e.level().getSeverity() > Level.DEBUG.getSeverity() ? Level.DEBUG : e.level();
                if (outer != null) {
                    outer.add(e.logger(), level, e.message());
                } else {
                    e.logger().log(level, e.message());
                }
            }
        }

        private record Entry(Logger logger, Level level, String message) {
        }
    }
}
