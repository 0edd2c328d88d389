package io.xsfu.webrtc.sdp;

/**
 * One side's ICE credentials (RFC 8839): {@code a=ice-ufrag}, {@code a=ice-pwd} and whether it is an ICE-lite
 * agent ({@code a=ice-lite}). A Binding request's USERNAME is {@code <receiver's ufrag>:<sender's ufrag>}, its
 * MESSAGE-INTEGRITY keyed by the receiver's pwd.
 */
public record IceParameters(String ufrag, String pwd, boolean lite) {
    public IceParameters {
        Syntax.iceChars(ufrag, 4, 256, "ICE ufrag");
        Syntax.iceChars(pwd, 22, 256, "ICE pwd");
    }
}
