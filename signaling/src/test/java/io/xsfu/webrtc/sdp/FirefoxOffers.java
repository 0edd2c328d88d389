package io.xsfu.webrtc.sdp;

/**
 * A Firefox offer, WRITTEN BY HAND: Firefox cannot be installed on the machine these tests were written on, so
 * this follows the format Firefox 115-128 produces for {@code addTrack(audio); addTrack(video)} as published in
 * bug reports and WebRTC samples: the {@code o=mozilla...THIS_IS_SDPARTA-<version>} origin, the fingerprint at session level, {@code a=msid-semantic:WMS *} without
 * a space, attributes grouped by name (direction and extmaps first, then fmtp, ice, mid, msid, rtcp-fb,
 * rtpmap, setup, ssrc), {@code G722/8000/1} with an explicit channel count, {@code a=extmap:<id>/recvonly},
 * braced UUIDs for msid and cname, VP8 first, VP9 without profile-id. Ids, keys and SSRCs are made up.
 */
final class FirefoxOffers {
    private FirefoxOffers() {}

    static final String SENDRECV = ChromiumOffers.crlf("""
v=0
o=mozilla...THIS_IS_SDPARTA-128.0 5463924519043838546 0 IN IP4 0.0.0.0
s=-
t=0 0
a=fingerprint:sha-256 3A:96:6D:57:B2:C2:C7:61:A0:46:3E:1C:97:39:D3:F7:0A:88:A0:B1:EC:11:00:EF:E2:CD:6B:B7:7A:B8:06:4F
a=group:BUNDLE 0 1
a=ice-options:trickle
a=msid-semantic:WMS *
m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
c=IN IP4 0.0.0.0
a=sendrecv
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
a=fmtp:101 0-15
a=ice-pwd:e6b2f6a5c7a1d3f4e8b9c0d1a2b3c4d5
a=ice-ufrag:7f3a9c21
a=mid:0
a=msid:{5e7d4a0c-1b2f-4c3d-9e8f-0a1b2c3d4e5f} {8c9d0e1f-2a3b-4c5d-8e9f-a0b1c2d3e4f5}
a=rtcp-mux
a=rtpmap:109 opus/48000/2
a=rtpmap:9 G722/8000/1
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=setup:actpass
a=ssrc:1418275926 cname:{f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9}
m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 123 122 119
c=IN IP4 0.0.0.0
a=sendrecv
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
a=fmtp:120 max-fs=12288;max-fr=60
a=fmtp:124 apt=120
a=fmtp:121 max-fs=12288;max-fr=60
a=fmtp:125 apt=121
a=fmtp:127 apt=126
a=fmtp:98 apt=97
a=fmtp:119 apt=122
a=ice-pwd:e6b2f6a5c7a1d3f4e8b9c0d1a2b3c4d5
a=ice-ufrag:7f3a9c21
a=mid:1
a=msid:{5e7d4a0c-1b2f-4c3d-9e8f-0a1b2c3d4e5f} {0d1e2f3a-4b5c-4d6e-9f0a-1b2c3d4e5f60}
a=rtcp-fb:120 nack
a=rtcp-fb:120 nack pli
a=rtcp-fb:120 ccm fir
a=rtcp-fb:120 goog-remb
a=rtcp-fb:120 transport-cc
a=rtcp-fb:121 nack
a=rtcp-fb:121 nack pli
a=rtcp-fb:121 ccm fir
a=rtcp-fb:121 goog-remb
a=rtcp-fb:121 transport-cc
a=rtcp-fb:126 nack
a=rtcp-fb:126 nack pli
a=rtcp-fb:126 ccm fir
a=rtcp-fb:126 goog-remb
a=rtcp-fb:126 transport-cc
a=rtcp-fb:97 nack
a=rtcp-fb:97 nack pli
a=rtcp-fb:97 ccm fir
a=rtcp-fb:97 goog-remb
a=rtcp-fb:97 transport-cc
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:120 VP8/90000
a=rtpmap:124 rtx/90000
a=rtpmap:121 VP9/90000
a=rtpmap:125 rtx/90000
a=rtpmap:126 H264/90000
a=rtpmap:127 rtx/90000
a=rtpmap:97 H264/90000
a=rtpmap:98 rtx/90000
a=rtpmap:123 ulpfec/90000
a=rtpmap:122 red/90000
a=rtpmap:119 rtx/90000
a=setup:actpass
a=ssrc:2952672143 cname:{f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9}
a=ssrc:3046470522 cname:{f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9}
a=ssrc-group:FID 2952672143 3046470522
""");
}
