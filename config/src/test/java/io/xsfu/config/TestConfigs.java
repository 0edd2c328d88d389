package io.xsfu.config;

/** Valid configurations that tests change one thing in. */
final class TestConfigs {
    /**
     * Every section present; signaling with a key file, TLS and limits other than the defaults. alice
     * sends only (comedia): VP8 with RTX and opus, with header extensions; bob receives only from alice
     * (fixed IPv4), with RTX; carol sends VP8 without RTX and receives from every sender (fixed IPv6),
     * with default feedback.
     */
    static final String FULL = """
            {
              "$schema": "./xsfu.schema.json",
              "media": {
                "interface": "eth0",
                "addresses": ["10.0.0.1", "fd00::1"],
                "portMin": 40000,
                "portMax": 40999
              },
              "backend": "afxdp",
              "afxdp": { "xdpMode": "auto", "bindMode": "auto", "frameSize": 4096, "framesPerQueue": 8192,
                         "ringSize": 2048, "needWakeup": true },
              "socket": { "batchSize": 64, "receiveBufferBytes": 4194304, "sendBufferBytes": 4194304 },
              "agent": { "idleStrategy": "backoff", "batchSize": 64 },
              "counters": { "directory": "/dev/shm/xsfu" },
              "signaling": {
                "listen": { "address": "0.0.0.0", "port": 8443 },
                "tokenKeyFile": "/etc/xsfu/token.key",
                "tls": { "certificate": "/etc/xsfu/cert.pem", "privateKey": "/etc/xsfu/key.pem" },
                "limits": { "maxMessageBytes": 65536, "requestsPerSecond": 50, "maxParticipantsPerRoom": 20, "maxRooms": 10,
                            "gracePeriodSeconds": 30, "statsIntervalSeconds": 0 }
              },
              "rooms": [
                { "id": "demo",
                  "participants": [
                    { "id": "alice", "port": 40000, "remote": { "comedia": true }, "send": true, "receive": false,
                      "producers": [
                        { "id": "cam", "kind": "video", "codec": "VP8", "payloadType": 96, "clockRate": 90000, "ssrc": 1111,
                          "rtx": { "payloadType": 97, "ssrc": 1112 } },
                        { "id": "mic", "kind": "audio", "codec": "opus", "payloadType": 111, "clockRate": 48000, "channels": 2,
                          "ssrc": 2222 }
                      ],
                      "rtcp": { "nack": true, "pli": true, "fir": true, "remb": false, "transportCc": false },
                      "headerExtensions": [
                        { "id": 1, "uri": "urn:ietf:params:rtp-hdrext:sdes:mid" },
                        { "id": 2, "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time" }
                      ] },
                    { "id": "bob", "port": 40001, "remote": { "address": "10.0.0.2", "port": 5004 },
                      "send": false, "receive": true, "subscribe": ["alice"],
                      "rtcp": { "nack": true, "pli": true }, "rtx": true,
                      "headerExtensions": [ { "id": 3, "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level" } ] },
                    { "id": "carol", "port": 40002, "remote": { "address": "fd00::3", "port": 5006 },
                      "producers": [ { "id": "cam", "kind": "video", "codec": "VP8", "payloadType": 96, "ssrc": 3333 } ] }
                  ] }
              ]
            }
            """;

    private TestConfigs() {
    }
}
