package io.xsfu.steer;

/**
 * The interface's XDP hook is not ours to take: another live xsfu owns it, or a program xsfu did not attach
 * (and will not replace) is there.
 */
public final class InterfaceInUseException extends RuntimeException {
    InterfaceInUseException(String message) {
        super(message);
    }
}
