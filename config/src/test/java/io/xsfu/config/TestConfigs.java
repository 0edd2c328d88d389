package io.xsfu.config;

/** Valid configurations that tests change one thing in. */
final class TestConfigs {
    /**
     * Every section present. alice sends only (comedia), bob receives only from alice (fixed IPv4),
     * carol sends and receives from every sender (fixed IPv6).
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
              "rooms": [
                { "id": "demo",
                  "participants": [
                    { "id": "alice", "port": 40000, "remote": { "comedia": true }, "send": true, "receive": false },
                    { "id": "bob", "port": 40001, "remote": { "address": "10.0.0.2", "port": 5004 },
                      "send": false, "receive": true, "subscribe": ["alice"] },
                    { "id": "carol", "port": 40002, "remote": { "address": "fd00::3", "port": 5006 } }
                  ] }
              ]
            }
            """;

    private TestConfigs() {
    }
}
