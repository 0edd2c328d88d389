package io.xsfu.netlink;

/**
 * The kernel's netlink answer could not be understood: a length that runs past its datagram, a truncated
 * header, or an attribute of the wrong size. It means a bug or a kernel we do not know, never bad luck.
 */
public final class NetlinkProtocolException extends RuntimeException {
    public NetlinkProtocolException(String message) {
        super(message);
    }
}
