package io.xsfu.signaling;

import io.xsfu.sfu.SfuException;

/** The {@code error.code} of a response: stable, for programs; the {@code message} beside it is for people. */
public enum ErrorCode {
    /** The message is not JSON. */
    PARSE_ERROR,
    /** JSON, but not a request: not an object, or {@code id}/{@code method}/{@code params} missing or mistyped. */
    INVALID_REQUEST,
    /** No such method. */
    UNKNOWN_METHOD,
    /** A parameter is missing, unknown, of the wrong type or out of range; the message names it. */
    INVALID_PARAMS,
    /** Only {@code join} is allowed before {@code join}. */
    NOT_JOINED,
    /** This connection has joined already ({@code leave} first). */
    ALREADY_JOINED,
    /** The token is missing, malformed, expired, signed with another key, or for another room. */
    UNAUTHORIZED,
    /** The token does not grant what the request needs (publish, subscribe). */
    FORBIDDEN,
    /** No such producer, consumer or transport of yours. */
    NOT_FOUND,
    /** It exists already (a transport, a producer id or SSRC). */
    CONFLICT,
    ROOM_FULL,
    TOO_MANY_ROOMS,
    /** The media port range is used up. */
    NO_PORTS,
    /** More requests per second than the server allows a connection; retry later. */
    RATE_LIMITED,
    /** The server is shutting down. */
    UNAVAILABLE,
    /** A bug on the server; the request changed nothing that the server knows of. */
    INTERNAL;

    public static ErrorCode of(SfuException.Code code) {
        return switch (code) {
            case INVALID -> INVALID_PARAMS;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case FORBIDDEN -> FORBIDDEN;
            case ROOM_FULL -> ROOM_FULL;
            case TOO_MANY_ROOMS -> TOO_MANY_ROOMS;
            case NO_PORTS -> NO_PORTS;
        };
    }
}
