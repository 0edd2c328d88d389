package io.xsfu.sys;

/**
 * A failed native call: the function, what it was doing, and the errno it left.
 * Subclasses name the conditions callers react to (permission, support, device, busy).
 */
public class NativeException extends RuntimeException {
    private final String function;
    private final int errno;

    protected NativeException(String function, String context, int errno) {
        super(function + (context == null || context.isEmpty() ? "" : "(" + context + ")")
                + ": " + Errno.describe(errno));
        this.function = function;
        this.errno = errno;
    }

    /** The typed exception for this errno. */
    public static NativeException of(String function, String context, int errno) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> new NotPermittedException(function, context, errno);
            case Errno.EOPNOTSUPP, Errno.ENOTSUP_ALIAS, Errno.EPROTONOSUPPORT, Errno.EAFNOSUPPORT ->
                    new NotSupportedException(function, context, errno);
            case Errno.ENODEV, Errno.ENXIO, Errno.ENOENT -> new NoSuchDeviceException(function, context, errno);
            case Errno.EBUSY, Errno.EEXIST -> new BusyException(function, context, errno);
            default -> new NativeException(function, context, errno);
        };
    }

    public String function() {
        return function;
    }

    public int errno() {
        return errno;
    }

    /** Root is needed, or a capability (CAP_NET_ADMIN, CAP_BPF, CAP_NET_RAW) is missing. */
    public static final class NotPermittedException extends NativeException {
        NotPermittedException(String function, String context, int errno) {
            super(function, context, errno);
        }
    }

    /** The kernel, driver or address family does not support what was asked (e.g. zero-copy on veth). */
    public static final class NotSupportedException extends NativeException {
        NotSupportedException(String function, String context, int errno) {
            super(function, context, errno);
        }
    }

    /** No such interface, queue, file or object. */
    public static final class NoSuchDeviceException extends NativeException {
        NoSuchDeviceException(String function, String context, int errno) {
            super(function, context, errno);
        }
    }

    /** Something else holds it (an XDP program already attached, a queue already bound, a port in use). */
    public static final class BusyException extends NativeException {
        BusyException(String function, String context, int errno) {
            super(function, context, errno);
        }
    }
}
