package io.xsfu.config;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.xsfu.config.TestConfigs.FULL;

/**
 * One table of configs for the loader's rules and for the schema's agreement with them: each invalid
 * case breaks exactly one rule of {@link TestConfigs#FULL} and names the one error it must produce.
 */
final class ConfigCases {

    /**
     * @param path            the path of the one error the loader reports
     * @param message         a fragment of that error's message
     * @param schemaExpresses whether the JSON Schema can express the rule (then it must reject too; otherwise it accepts)
     */
    record Invalid(String name, String json, String path, String message, boolean schemaExpresses) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Valid(String name, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String ALICE = "$.rooms[0].participants[0]";
    private static final String BOB = "$.rooms[0].participants[1]";
    private static final String CAROL = "$.rooms[0].participants[2]";
    private static final boolean SCHEMA = true;
    private static final boolean JAVA_ONLY = false;

    static List<Invalid> invalid() {
        return Stream.of(invalidTransport(), invalidSignaling(), invalidMedia(), invalidSrtp()).flatMap(List::stream).toList();
    }

    /** Base64 of 30 and 28 bytes: AES-CM and GCM keys (master key and salt), two of each. */
    static final String KEY_30_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
    static final String KEY_30_B = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CB";
    static final String KEY_28_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==";
    static final String KEY_28_B = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==";
    private static final String BOB_SRTP = BOB + ".srtp";

    static String srtp(String suite, String receiveKey, String sendKey) {
        return "{\"cryptoSuite\": \"" + suite + "\", \"receiveKey\": \"" + receiveKey + "\", \"sendKey\": \"" + sendKey + "\"}";
    }

    /** SRTP with given keys on a plain transport: suite, base64, the suite's length, a key per direction. */
    private static List<Invalid> invalidSrtp() {
        String aesCm = "AES_CM_128_HMAC_SHA1_80";
        return List.of(
                bad("srtp not an object", set(BOB_SRTP, "true"), BOB_SRTP, "expected an object (srtp), got true", SCHEMA),
                bad("srtp suite unknown", set(BOB_SRTP, srtp("AES_256_CM_HMAC_SHA1_80", KEY_30_A, KEY_30_B)), BOB_SRTP + ".cryptoSuite",
                        "invalid value 'AES_256_CM_HMAC_SHA1_80'; allowed: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM",
                        SCHEMA),
                bad("srtp suite in lower case", set(BOB_SRTP, srtp("aes_cm_128_hmac_sha1_80", KEY_30_A, KEY_30_B)), BOB_SRTP + ".cryptoSuite",
                        "invalid value 'aes_cm_128_hmac_sha1_80'", SCHEMA),
                bad("srtp suite missing", set(BOB_SRTP, "{\"receiveKey\": \"" + KEY_30_A + "\", \"sendKey\": \"" + KEY_30_B + "\"}"),
                        BOB_SRTP + ".cryptoSuite", "missing required field 'cryptoSuite'", SCHEMA),
                bad("srtp send key missing", set(BOB_SRTP, "{\"cryptoSuite\": \"" + aesCm + "\", \"receiveKey\": \"" + KEY_30_A + "\"}"),
                        BOB_SRTP + ".sendKey", "missing required field 'sendKey'", SCHEMA),
                bad("srtp key not a string", set(set(BOB_SRTP, srtp(aesCm, KEY_30_A, KEY_30_B)), BOB_SRTP + ".receiveKey", "30"),
                        BOB_SRTP + ".receiveKey", "expected a string, got number 30", SCHEMA),
                bad("srtp typo", set(set(BOB_SRTP, srtp(aesCm, KEY_30_A, KEY_30_B)), BOB_SRTP + ".sendkey", "\"x\""),
                        BOB_SRTP + ".sendkey", "unknown field 'sendkey' in srtp (did you mean 'sendKey'?)", SCHEMA),
                bad("srtp key not base64", set(BOB_SRTP, srtp(aesCm, "not base64, not a key at all, really!!", KEY_30_B)),
                        BOB_SRTP + ".receiveKey", "is not base64 (standard alphabet", SCHEMA),
                bad("srtp key in the URL alphabet", set(BOB_SRTP, srtp(aesCm, KEY_30_A, KEY_30_B.replace('+', '-'))),
                        BOB_SRTP + ".sendKey", "is not base64", SCHEMA),
                bad("srtp key with bad padding", set(BOB_SRTP, srtp("AEAD_AES_128_GCM", KEY_28_A.replace("==", "="), KEY_28_B)),
                        BOB_SRTP + ".receiveKey", "is not base64", SCHEMA),
                bad("srtp GCM key for AES-CM", set(BOB_SRTP, srtp(aesCm, KEY_28_A, KEY_30_B)), BOB_SRTP + ".receiveKey",
                        "must be 30 bytes for AES_CM_128_HMAC_SHA1_80 (a 16-byte master key followed by a 14-byte master salt), got 28", SCHEMA),
                bad("srtp AES-CM key for GCM", set(BOB_SRTP, srtp("AEAD_AES_128_GCM", KEY_28_A, KEY_30_B)), BOB_SRTP + ".sendKey",
                        "must be 28 bytes for AEAD_AES_128_GCM (a 16-byte master key followed by a 12-byte master salt), got 30", SCHEMA),
                bad("srtp master key without salt", set(BOB_SRTP, srtp("AES_CM_128_HMAC_SHA1_32", KEY_30_A, "AAECAwQFBgcICQoLDA0ODw==")),
                        BOB_SRTP + ".sendKey", "must be 30 bytes for AES_CM_128_HMAC_SHA1_32", SCHEMA),
                bad("srtp empty key", set(BOB_SRTP, srtp(aesCm, "", KEY_30_B)), BOB_SRTP + ".receiveKey", "must be 30 bytes", SCHEMA),
                bad("srtp same key both ways", set(BOB_SRTP, srtp(aesCm, KEY_30_A, KEY_30_A)), BOB_SRTP + ".sendKey",
                        "is the same as receiveKey: each direction needs a key of its own", JAVA_ONLY));
    }

    /** The rules about the server, rooms and transports. */
    private static List<Invalid> invalidTransport() {
        return List.of(
                // JSON shape: types, required and unknown fields, enums, literals
                bad("root is not an object", all -> "[]", "$", "expected an object (the configuration), got an array", SCHEMA),
                bad("media missing", remove("$.media"), "$.media", "missing required field 'media'", SCHEMA),
                bad("interface missing", remove("$.media.interface"), "$.media.interface", "missing required field 'interface'", SCHEMA),
                bad("port as string", set("$.media.portMin", "\"40000\""), "$.media.portMin",
                        "expected an integer, got string \"40000\"", SCHEMA),
                bad("port as fraction", set("$.media.portMin", "1.5"), "$.media.portMin", "expected an integer, got number 1.5", SCHEMA),
                bad("port beyond int", set("$.media.portMax", "99999999999"), "$.media.portMax", "integer 99999999999 is out of range", SCHEMA),
                bad("typo in media", set("$.media.portMn", "40000"), "$.media.portMn",
                        "unknown field 'portMn' in media (did you mean 'portMin'?); allowed: interface, addresses, portMin, portMax", SCHEMA),
                bad("typo at the top", set("$.room", "[]"), "$.room", "unknown field 'room' in the configuration (did you mean 'rooms'?)", SCHEMA),
                bad("typo in participant", set(ALICE + ".recieve", "true"), ALICE + ".recieve",
                        "unknown field 'recieve' in participant (did you mean 'receive'?)", SCHEMA),
                bad("unknown field without a near name", set("$.afxdp.queues", "4"), "$.afxdp.queues",
                        "unknown field 'queues' in afxdp; allowed: xdpMode, bindMode, frameSize, framesPerQueue, ringSize, needWakeup", SCHEMA),
                bad("backend unknown", set("$.backend", "\"xdp\""), "$.backend", "invalid value 'xdp'; allowed: afxdp, socket", SCHEMA),
                bad("backend not a string", set("$.backend", "1"), "$.backend", "expected a string, got number 1; allowed: afxdp, socket", SCHEMA),
                bad("xdpMode unknown", set("$.afxdp.xdpMode", "\"driver\""), "$.afxdp.xdpMode", "invalid value 'driver'; allowed: auto, native, skb", SCHEMA),
                bad("bindMode unknown", set("$.afxdp.bindMode", "\"zero-copy\""), "$.afxdp.bindMode",
                        "invalid value 'zero-copy'; allowed: auto, zerocopy, copy", SCHEMA),
                bad("boolean as string", set(CAROL + ".send", "\"yes\""), CAROL + ".send", "expected true or false, got string \"yes\"", SCHEMA),
                bad("boolean as null", set("$.afxdp.needWakeup", "null"), "$.afxdp.needWakeup", "expected true or false, got null", SCHEMA),
                bad("rooms not an array", set("$.rooms", "{}"), "$.rooms", "expected an array, got an object", SCHEMA),
                bad("room not an object", set("$.rooms[0]", "\"demo\""), "$.rooms[0]", "expected an object (room), got string \"demo\"", SCHEMA),
                bad("section not an object", set("$.socket", "64"), "$.socket", "expected an object (socket), got number 64", SCHEMA),
                bad("participants missing", remove("$.rooms[0].participants"), "$.rooms[0].participants",
                        "missing required field 'participants'", SCHEMA),
                bad("participant id missing", remove(CAROL + ".id"), CAROL + ".id", "missing required field 'id'", SCHEMA),
                bad("participant port missing", remove(CAROL + ".port"), CAROL + ".port", "missing required field 'port'", SCHEMA),
                bad("host name as media address", set("$.media.addresses[0]", "\"media.example.com\""), "$.media.addresses[0]",
                        "'media.example.com' is not an IP address literal", SCHEMA),
                bad("IPv4 octet too big", set("$.media.addresses[0]", "\"10.0.0.256\""), "$.media.addresses[0]",
                        "'10.0.0.256' is not an IP address literal", SCHEMA),
                bad("IPv4 with a leading zero", set("$.media.addresses[0]", "\"010.0.0.1\""), "$.media.addresses[0]",
                        "'010.0.0.1' is not an IP address literal", SCHEMA),
                bad("IPv4 shorthand", set("$.media.addresses[0]", "\"10.1\""), "$.media.addresses[0]", "'10.1' is not an IP address literal", SCHEMA),
                bad("IPv6 with a zone", set("$.media.addresses[1]", "\"fe80::1%eth0\""), "$.media.addresses[1]",
                        "'fe80::1%eth0' is not an IP address literal", SCHEMA),
                bad("IPv6 in brackets", set("$.media.addresses[1]", "\"[fd00::1]\""), "$.media.addresses[1]",
                        "'[fd00::1]' is not an IP address literal", SCHEMA),
                bad("address as number", set("$.media.addresses[0]", "10"), "$.media.addresses[0]",
                        "expected an IP address literal (string), got number 10", SCHEMA),
                bad("host name as remote", set(BOB + ".remote.address", "\"bob.example.com\""), BOB + ".remote.address",
                        "'bob.example.com' is not an IP address literal", SCHEMA),
                bad("remote missing", remove(BOB + ".remote"), BOB + ".remote", "missing required field 'remote'", SCHEMA),
                bad("remote not an object", set(BOB + ".remote", "\"10.0.0.2:5004\""), BOB + ".remote", "expected an object", SCHEMA),
                bad("fixed remote without address", remove(BOB + ".remote.address"), BOB + ".remote.address", "missing required field 'address'", SCHEMA),
                bad("fixed remote without port", remove(BOB + ".remote.port"), BOB + ".remote.port", "missing required field 'port'", SCHEMA),
                bad("remote port out of range", set(BOB + ".remote.port", "70000"), BOB + ".remote.port", "must be between 1 and 65535, got 70000", SCHEMA),
                bad("remote port zero", set(BOB + ".remote.port", "0"), BOB + ".remote.port", "must be between 1 and 65535, got 0", SCHEMA),
                bad("remote both comedia and fixed", set(BOB + ".remote.comedia", "true"), BOB + ".remote",
                        "a remote is either {\"comedia\": true} or a fixed {\"address\", \"port\"}, not both", SCHEMA),
                bad("comedia false", set(ALICE + ".remote.comedia", "false"), ALICE + ".remote.comedia",
                        "must be true (a fixed remote gives address and port instead), got false", SCHEMA),
                bad("typo in remote", set(BOB + ".remote.prot", "5"), BOB + ".remote.prot", "unknown field 'prot' in fixed remote (did you mean 'port'?)", SCHEMA),
                bad("idle strategy unknown", set("$.agent.idleStrategy", "\"spin\""), "$.agent.idleStrategy",
                        "unknown idle strategy 'spin'; allowed: busy-spin, yield, backoff, sleep", SCHEMA),
                bad("idle strategy not a name or object", set("$.agent.idleStrategy", "5"), "$.agent.idleStrategy",
                        "expected a strategy name or an object with a 'type', got number 5", SCHEMA),
                bad("idle strategy without type", set("$.agent.idleStrategy", "{\"sleepMicros\": 100}"), "$.agent.idleStrategy.type",
                        "missing required field 'type'", SCHEMA),
                bad("idle strategy parameter of another type", set("$.agent.idleStrategy", "{\"type\": \"sleep\", \"maxParkMicros\": 5}"),
                        "$.agent.idleStrategy.maxParkMicros", "unknown field 'maxParkMicros' in idle strategy 'sleep'; allowed: type, sleepMicros", SCHEMA),
                bad("subscribe entry not a string", set(BOB + ".subscribe[0]", "7"), BOB + ".subscribe[0]",
                        "expected a participant id (string), got number 7", SCHEMA),
                bad("directory not a string", set("$.counters.directory", "5"), "$.counters.directory", "expected a string, got number 5", SCHEMA),
                bad("$schema not a string", set("$.$schema", "5"), "$['$schema']", "expected a string, got number 5", SCHEMA),

                // Values
                bad("interface with a slash", set("$.media.interface", "\"eth0/1\""), "$.media.interface",
                        "'eth0/1' is not a valid Linux interface name", SCHEMA),
                bad("interface too long", set("$.media.interface", "\"abcdefghijklmnop\""), "$.media.interface",
                        "'abcdefghijklmnop' is not a valid Linux interface name (1 to 15", SCHEMA),
                bad("interface dot-dot", set("$.media.interface", "\"..\""), "$.media.interface", "'..' is not a valid Linux interface name", SCHEMA),
                bad("interface empty", set("$.media.interface", "\"\""), "$.media.interface", "'' is not a valid Linux interface name", SCHEMA),
                bad("no media address", set("$.media.addresses", "[]"), "$.media.addresses", "must list 1 to 16 addresses, got 0", SCHEMA),
                bad("17 media addresses", set("$.media.addresses", addresses(17)), "$.media.addresses", "must list 1 to 16 addresses, got 17", SCHEMA),
                bad("duplicate media address", set("$.media.addresses[2]", "\"10.0.0.1\""), "$.media.addresses[2]",
                        "duplicate address 10.0.0.1 (also at $.media.addresses[0])", SCHEMA),
                bad("duplicate media address spelt differently", set("$.media.addresses[2]", "\"FD00:0::1\""), "$.media.addresses[2]",
                        "duplicate address fd00::1 (also at $.media.addresses[1])", JAVA_ONLY),
                bad("unspecified IPv4 media address", set("$.media.addresses[0]", "\"0.0.0.0\""), "$.media.addresses[0]",
                        "0.0.0.0 is the unspecified address", SCHEMA),
                bad("unspecified IPv6 media address", set("$.media.addresses[1]", "\"0::0\""), "$.media.addresses[1]", ":: is the unspecified address", SCHEMA),
                bad("multicast IPv4 media address", set("$.media.addresses[0]", "\"239.1.2.3\""), "$.media.addresses[0]",
                        "239.1.2.3 is a multicast address", SCHEMA),
                bad("multicast IPv6 media address", set("$.media.addresses[1]", "\"ff02::1\""), "$.media.addresses[1]",
                        "ff02::1 is a multicast address", SCHEMA),
                bad("broadcast remote", set(BOB + ".remote.address", "\"255.255.255.255\""), BOB + ".remote.address",
                        "255.255.255.255 is the broadcast address", SCHEMA),
                bad("multicast remote", set(CAROL + ".remote.address", "\"ff0e::5\""), CAROL + ".remote.address", "ff0e::5 is a multicast address", SCHEMA),
                bad("portMin zero", set("$.media.portMin", "0"), "$.media.portMin", "must be between 1 and 65535, got 0", SCHEMA),
                bad("portMax too big", set("$.media.portMax", "65536"), "$.media.portMax", "must be between 1 and 65535, got 65536", SCHEMA),
                bad("portMin above portMax", set("$.media.portMin", "41000"), "$.media.portMin",
                        "portMin 41000 is greater than portMax 40999", JAVA_ONLY),
                bad("frame size", set("$.afxdp.frameSize", "1024"), "$.afxdp.frameSize", "must be 2048 or 4096, got 1024", SCHEMA),
                bad("frames not a power of two", set("$.afxdp.framesPerQueue", "10000"), "$.afxdp.framesPerQueue",
                        "must be a power of two between 128 and 262144, got 10000", SCHEMA),
                bad("too many frames", set("$.afxdp.framesPerQueue", "524288"), "$.afxdp.framesPerQueue",
                        "must be a power of two between 128 and 262144, got 524288", SCHEMA),
                bad("ring too small", set("$.afxdp.ringSize", "32"), "$.afxdp.ringSize", "must be a power of two between 64 and 32768, got 32", SCHEMA),
                bad("ring not a power of two", set("$.afxdp.ringSize", "3000"), "$.afxdp.ringSize",
                        "must be a power of two between 64 and 32768, got 3000", SCHEMA),
                bad("ring as big as the frames", set("$.afxdp.ringSize", "8192"), "$.afxdp.framesPerQueue",
                        "framesPerQueue 8192 must be at least twice ringSize 8192", SCHEMA),
                bad("too few frames for the default ring", remove(set("$.afxdp.framesPerQueue", "2048"), "$.afxdp.ringSize"),
                        "$.afxdp.framesPerQueue", "framesPerQueue 2048 must be at least twice ringSize 2048", SCHEMA),
                bad("big ring with default frames", set(remove("$.afxdp.framesPerQueue"), "$.afxdp.ringSize", "8192"),
                        "$.afxdp.framesPerQueue", "framesPerQueue 8192 must be at least twice ringSize 8192", SCHEMA),
                bad("socket batch zero", set("$.socket.batchSize", "0"), "$.socket.batchSize", "must be between 1 and 1024, got 0", SCHEMA),
                bad("socket buffer too small", set("$.socket.receiveBufferBytes", "1024"), "$.socket.receiveBufferBytes",
                        "must be between 4096 and 1073741824, got 1024", SCHEMA),
                bad("socket send buffer too big", set("$.socket.sendBufferBytes", "2147483647"), "$.socket.sendBufferBytes",
                        "must be between 4096 and 1073741824, got 2147483647", SCHEMA),
                bad("agent batch too big", set("$.agent.batchSize", "2000"), "$.agent.batchSize", "must be between 1 and 1024, got 2000", SCHEMA),
                bad("backoff park zero", set("$.agent.idleStrategy", "{\"type\": \"backoff\", \"maxParkMicros\": 0}"),
                        "$.agent.idleStrategy.maxParkMicros", "must be between 1 and 1000000, got 0", SCHEMA),
                bad("sleep too long", set("$.agent.idleStrategy", "{\"type\": \"sleep\", \"sleepMicros\": 2000000}"),
                        "$.agent.idleStrategy.sleepMicros", "must be between 1 and 1000000, got 2000000", SCHEMA),
                bad("relative counters directory", set("$.counters.directory", "\"run/xsfu\""), "$.counters.directory",
                        "must be an absolute path, got 'run/xsfu'", SCHEMA),
                bad("room id with a space", set("$.rooms[0].id", "\"my room\""), "$.rooms[0].id", "'my room' is not a valid room id", SCHEMA),
                bad("participant id empty", set(CAROL + ".id", "\"\""), CAROL + ".id", "'' is not a valid participant id", SCHEMA),
                bad("participant port zero", set(CAROL + ".port", "0"), CAROL + ".port", "must be between 1 and 65535, got 0", SCHEMA),

                // Relations between values
                bad("duplicate room id", set("$.rooms[1]", "{\"id\": \"demo\", \"participants\": []}"), "$.rooms[1].id",
                        "duplicate room id 'demo' (also at $.rooms[0].id)", JAVA_ONLY),
                bad("duplicate participant id", set(CAROL + ".id", "\"alice\""), CAROL + ".id",
                        "duplicate participant id 'alice' in room 'demo' (also at " + ALICE + ".id)", JAVA_ONLY),
                bad("participant port outside the range", set(CAROL + ".port", "50000"), CAROL + ".port",
                        "port 50000 is outside the media port range 40000..40999", JAVA_ONLY),
                bad("port used twice in a room", set(CAROL + ".port", "40000"), CAROL + ".port",
                        "port 40000 is also used by " + ALICE + ".port", JAVA_ONLY),
                bad("port used twice across rooms",
                        set("$.rooms[1]", "{\"id\": \"other\", \"participants\": [{\"id\": \"dave\", \"port\": 40001, \"remote\": {\"comedia\": true},"
                                + " \"send\": false}]}"),
                        "$.rooms[1].participants[0].port", "port 40001 is also used by " + BOB + ".port", JAVA_ONLY),
                bad("subscribe to an unknown participant", set(BOB + ".subscribe[0]", "\"dave\""), BOB + ".subscribe[0]",
                        "no participant 'dave' in room 'demo'", JAVA_ONLY),
                bad("subscribe to a malformed id", set(BOB + ".subscribe[0]", "\"not an id\""), BOB + ".subscribe[0]",
                        "no participant 'not an id' in room 'demo'", SCHEMA),
                bad("subscribe to itself", set(BOB + ".subscribe[0]", "\"bob\""), BOB + ".subscribe[0]",
                        "participant 'bob' cannot subscribe to itself", JAVA_ONLY),
                bad("subscribe to a participant that does not send", set(CAROL + ".subscribe", "[\"bob\"]"), CAROL + ".subscribe[0]",
                        "participant 'bob' does not send (send is false)", JAVA_ONLY),
                bad("duplicate subscription", set(CAROL + ".subscribe", "[\"alice\", \"alice\"]"), CAROL + ".subscribe[1]",
                        "duplicate subscription to 'alice' (also at " + CAROL + ".subscribe[0])", SCHEMA),
                bad("empty subscribe", set(CAROL + ".subscribe", "[]"), CAROL + ".subscribe", "must name at least one participant", SCHEMA),
                bad("subscribe without receive", set(ALICE + ".subscribe", "[\"carol\"]"), ALICE + ".subscribe",
                        "subscribe is set but receive is false: participant 'alice' receives nothing", SCHEMA),
                bad("neither sends nor receives", set(set(remove(CAROL + ".producers"), CAROL + ".send", "false"), CAROL + ".receive", "false"), CAROL,
                        "participant 'carol' neither sends nor receives (send and receive are both false)", SCHEMA),
                bad("IPv6 remote without an IPv6 media address", set("$.media.addresses", "[\"10.0.0.1\"]"), CAROL + ".remote.address",
                        "IPv6 remote fd00::3 is unreachable: media.addresses has no IPv6 address", JAVA_ONLY),
                bad("IPv4 remote without an IPv4 media address", set("$.media.addresses", "[\"fd00::1\"]"), BOB + ".remote.address",
                        "IPv4 remote 10.0.0.2 is unreachable: media.addresses has no IPv4 address", JAVA_ONLY));
    }

    private static final String SIG = "$.signaling";
    private static final String LISTEN = SIG + ".listen";
    private static final String TLS = SIG + ".tls";
    private static final String LIMITS = SIG + ".limits";
    private static final String KEY_32 = "\"" + "k".repeat(32) + "\"";

    /** The rules about the signaling endpoint. */
    private static List<Invalid> invalidSignaling() {
        return List.of(
                // JSON shape
                bad("signaling not an object", set(SIG, "true"), SIG, "expected an object (signaling), got true", SCHEMA),
                bad("typo in signaling", set(SIG + ".tokenKeyfile", "\"/k\""), SIG + ".tokenKeyfile",
                        "unknown field 'tokenKeyfile' in signaling (did you mean 'tokenKeyFile'?); allowed: listen, tokenKeyFile, tokenKey, tls, limits",
                        SCHEMA),
                bad("no token key", remove(SIG + ".tokenKeyFile"), SIG + ".tokenKeyFile",
                        "missing required field 'tokenKeyFile', the file that holds the token key (or 'tokenKey' with the key itself, in a test config)",
                        SCHEMA),
                bad("token key both in a file and inline", set(SIG + ".tokenKey", KEY_32), SIG + ".tokenKey",
                        "give the token key either in a file (tokenKeyFile) or inline (tokenKey), not both", SCHEMA),
                bad("inline token key not a string", inline("12345678901234567890123456789012"), SIG + ".tokenKey",
                        "expected a string, got number 12345678901234567890123456789012", SCHEMA),
                bad("token key file not a string", set(SIG + ".tokenKeyFile", "[\"/k\"]"), SIG + ".tokenKeyFile", "expected a string, got an array",
                        SCHEMA),
                bad("token key file with a NUL", set(SIG + ".tokenKeyFile", "\"/etc/\\u0000key\""), SIG + ".tokenKeyFile", "is not a valid path",
                        JAVA_ONLY),
                bad("listen not an object", set(LISTEN, "8080"), LISTEN, "expected an object (listen), got number 8080", SCHEMA),
                bad("typo in listen", set(LISTEN + ".adress", "\"::\""), LISTEN + ".adress",
                        "unknown field 'adress' in listen (did you mean 'address'?); allowed: address, port", SCHEMA),
                bad("host name as listen address", set(LISTEN + ".address", "\"localhost\""), LISTEN + ".address",
                        "'localhost' is not an IP address literal", SCHEMA),
                bad("listen address with a zone", set(LISTEN + ".address", "\"fe80::1%eth0\""), LISTEN + ".address",
                        "'fe80::1%eth0' is not an IP address literal", SCHEMA),
                bad("listen port as string", set(LISTEN + ".port", "\"8443\""), LISTEN + ".port", "expected an integer, got string \"8443\"", SCHEMA),
                bad("tls not an object", set(TLS, "false"), TLS, "expected an object (tls), got false", SCHEMA),
                bad("typo in tls", set(TLS + ".key", "\"/k\""), TLS + ".key", "unknown field 'key' in tls; allowed: certificate, privateKey", SCHEMA),
                bad("tls without private key", remove(TLS + ".privateKey"), TLS + ".privateKey",
                        "missing required field 'privateKey': TLS needs the certificate and its private key (leave tls out for plain HTTP and WebSocket)",
                        SCHEMA),
                bad("tls without certificate", remove(TLS + ".certificate"), TLS + ".certificate",
                        "missing required field 'certificate': TLS needs the certificate and its private key", SCHEMA),
                bad("certificate not a string", set(TLS + ".certificate", "1"), TLS + ".certificate", "expected a string, got number 1", SCHEMA),
                bad("limits not an object", set(LIMITS, "[]"), LIMITS, "expected an object (limits), got an array", SCHEMA),
                bad("typo in limits", set(LIMITS + ".maxRoom", "5"), LIMITS + ".maxRoom",
                        "unknown field 'maxRoom' in limits (did you mean 'maxRooms'?); allowed: maxMessageBytes, requestsPerSecond,"
                                + " maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds", SCHEMA),
                bad("limit as fraction", set(LIMITS + ".maxRooms", "1.5"), LIMITS + ".maxRooms", "expected an integer, got number 1.5", SCHEMA),

                // Values
                bad("multicast IPv4 listen address", set(LISTEN + ".address", "\"224.0.0.1\""), LISTEN + ".address",
                        "224.0.0.1 is a multicast address; listen on an address of this host, or on 0.0.0.0 (every IPv4 address) or :: (every address)",
                        SCHEMA),
                bad("multicast IPv6 listen address", set(LISTEN + ".address", "\"ff02::1\""), LISTEN + ".address", "ff02::1 is a multicast address",
                        SCHEMA),
                bad("broadcast listen address", set(LISTEN + ".address", "\"255.255.255.255\""), LISTEN + ".address",
                        "255.255.255.255 is the broadcast address", SCHEMA),
                bad("listen port zero", set(LISTEN + ".port", "0"), LISTEN + ".port", "must be between 1 and 65535, got 0", SCHEMA),
                bad("listen port too big", set(LISTEN + ".port", "65536"), LISTEN + ".port", "must be between 1 and 65535, got 65536", SCHEMA),
                bad("wildcard listen port in the media range", set(LISTEN + ".port", "40500"), LISTEN + ".port",
                        "port 40500 is inside the media port range 40000..40999, which the SFU owns on 10.0.0.1"
                                + " (listen.address 0.0.0.0 includes it): give signaling a port outside it", JAVA_ONLY),
                bad("wildcard listen port at the media range's start", set(LISTEN + ".port", "40000"), LISTEN + ".port",
                        "port 40000 is inside the media port range 40000..40999", JAVA_ONLY),
                bad("wildcard listen port at the media range's end", set(LISTEN + ".port", "40999"), LISTEN + ".port",
                        "port 40999 is inside the media port range 40000..40999", JAVA_ONLY),
                bad("listen on a media address in the media range", set(LISTEN, "{\"address\": \"FD00::1\", \"port\": 40001}"), LISTEN + ".port",
                        "port 40001 is inside the media port range 40000..40999, which the SFU owns on fd00::1: give signaling a port outside it",
                        JAVA_ONLY),
                bad("IPv6 wildcard includes IPv4 media addresses", set(set(set("$.media.addresses", "[\"10.0.0.1\"]"), CAROL + ".remote",
                                "{\"comedia\": true}"), LISTEN, "{\"address\": \"::\", \"port\": 40500}"), LISTEN + ".port",
                        "port 40500 is inside the media port range 40000..40999, which the SFU owns on 10.0.0.1 (listen.address :: includes it)",
                        JAVA_ONLY),
                bad("inline token key too short", inline("\"" + "k".repeat(31) + "\""), SIG + ".tokenKey",
                        "must be at least 32 bytes, got 31: an HS256 key shorter than its hash is easier to guess (RFC 7518 3.2);"
                                + " make one with 'openssl rand -base64 32'", SCHEMA),
                bad("inline token key empty", inline("\"\""), SIG + ".tokenKey", "must be at least 32 bytes, got 0", SCHEMA),
                bad("inline token key short in bytes, long in characters", inline("\"" + "é".repeat(15) + "\""), SIG + ".tokenKey",
                        "must be at least 32 bytes, got 30", JAVA_ONLY),
                bad("inline token key of few non-ASCII characters", inline("\"" + "é".repeat(7) + "\""), SIG + ".tokenKey",
                        "must be at least 32 bytes, got 14", SCHEMA),
                bad("relative token key file", set(SIG + ".tokenKeyFile", "\"token.key\""), SIG + ".tokenKeyFile",
                        "must be an absolute path, got 'token.key'", SCHEMA),
                bad("key instead of its file", set(SIG + ".tokenKeyFile", KEY_32), SIG + ".tokenKeyFile",
                        "must be an absolute path, got a relative one of 32 bytes, not shown in case it is the key:"
                                + " tokenKeyFile names the file that holds the key", SCHEMA),
                bad("empty token key file", set(SIG + ".tokenKeyFile", "\"\""), SIG + ".tokenKeyFile", "must be an absolute path, got ''", SCHEMA),
                bad("relative certificate", set(TLS + ".certificate", "\"cert.pem\""), TLS + ".certificate",
                        "must be an absolute path, got 'cert.pem'", SCHEMA),
                bad("relative private key", set(TLS + ".privateKey", "\"./key.pem\""), TLS + ".privateKey",
                        "must be an absolute path, got './key.pem'", SCHEMA),
                limit("maxMessageBytes", 1023, 1024, 1048576), limit("maxMessageBytes", 1048577, 1024, 1048576),
                limit("requestsPerSecond", 0, 1, 10000), limit("requestsPerSecond", 10001, 1, 10000),
                limit("maxParticipantsPerRoom", 0, 1, 10000), limit("maxParticipantsPerRoom", 10001, 1, 10000),
                limit("maxRooms", 0, 1, 100000), limit("maxRooms", 100001, 1, 100000),
                limit("gracePeriodSeconds", -1, 0, 3600), limit("gracePeriodSeconds", 3601, 0, 3600),
                limit("statsIntervalSeconds", -1, 0, 3600), limit("statsIntervalSeconds", 3601, 0, 3600));
    }

    private static Invalid limit(String name, int value, int min, int max) {
        return bad(name + " " + value, set(LIMITS + "." + name, Integer.toString(value)), LIMITS + "." + name,
                "must be between " + min + " and " + max + ", got " + value, SCHEMA);
    }

    /** FULL with the key inline instead of in a file. */
    private static UnaryOperator<String> inline(String rawKey) {
        return set(remove(SIG + ".tokenKeyFile"), SIG + ".tokenKey", rawKey);
    }

    private static final String CAM = ALICE + ".producers[0]";
    private static final String MIC = ALICE + ".producers[1]";
    private static final String CAROL_CAM = CAROL + ".producers[0]";
    /** Three encodings of alice's camera, lowest first (its ssrc and RTX SSRC first). */
    static final String SIMULCAST = "[{\"rid\": \"q\", \"ssrc\": 1111, \"rtxSsrc\": 1112, \"maxBitrate\": 150000},"
            + " {\"rid\": \"h\", \"ssrc\": 5001, \"rtxSsrc\": 5002, \"maxBitrate\": 500000},"
            + " {\"rid\": \"f\", \"ssrc\": 5003, \"rtxSsrc\": 5004}]";
    private static final String TWCC = "\"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\"";

    /** The rules about producers, feedback, RTX and header extensions. */
    private static List<Invalid> invalidMedia() {
        return List.of(
                // JSON shape
                bad("producers not an array", set(ALICE + ".producers", "{}"), ALICE + ".producers", "expected an array, got an object", SCHEMA),
                bad("producer not an object", set(CAM, "\"cam\""), CAM, "expected an object (producer), got string \"cam\"", SCHEMA),
                bad("typo in producer", set(CAM + ".ssrcs", "5"), CAM + ".ssrcs",
                        "unknown field 'ssrcs' in producer (did you mean 'ssrc'?); allowed: id, kind, codec, payloadType, clockRate, channels, ssrc, rtx, encodings",
                        SCHEMA),
                bad("producer id missing", remove(CAM + ".id"), CAM + ".id", "missing required field 'id'", SCHEMA),
                bad("kind missing", remove(CAM + ".kind"), CAM + ".kind", "missing required field 'kind'", SCHEMA),
                bad("codec missing", remove(CAM + ".codec"), CAM + ".codec", "missing required field 'codec'", SCHEMA),
                bad("payload type missing", remove(MIC + ".payloadType"), MIC + ".payloadType", "missing required field 'payloadType'", SCHEMA),
                bad("ssrc missing", remove(MIC + ".ssrc"), MIC + ".ssrc", "missing required field 'ssrc'", SCHEMA),
                bad("kind unknown", set(CAM + ".kind", "\"screen\""), CAM + ".kind", "invalid value 'screen'; allowed: audio, video", SCHEMA),
                bad("codec unknown", set(CAM + ".codec", "\"AV1\""), CAM + ".codec",
                        "unknown codec 'AV1'; allowed: opus, VP8, VP9, H264 (in any case)", SCHEMA),
                bad("codec as a MIME type", set(CAM + ".codec", "\"video/VP8\""), CAM + ".codec", "unknown codec 'video/VP8'", SCHEMA),
                bad("codec not a string", set(CAM + ".codec", "8"), CAM + ".codec", "expected a string, got number 8; allowed: opus, VP8", SCHEMA),
                bad("payload type as string", set(CAM + ".payloadType", "\"96\""), CAM + ".payloadType", "expected an integer, got string \"96\"", SCHEMA),
                bad("ssrc as fraction", set(CAM + ".ssrc", "1111.5"), CAM + ".ssrc", "expected an integer, got number 1111.5", SCHEMA),
                bad("ssrc beyond long", set(CAM + ".ssrc", "99999999999999999999"), CAM + ".ssrc", "integer 99999999999999999999 is out of range", SCHEMA),
                bad("channels on a video producer", set(CAM + ".channels", "1"), CAM + ".channels", "VP8 is a video codec, which has no channels", SCHEMA),
                bad("zero channels on a video producer", set(CAROL_CAM + ".channels", "0"), CAROL_CAM + ".channels",
                        "VP8 is a video codec, which has no channels", SCHEMA),
                // simulcast encodings
                bad("one encoding", set(CAM + ".encodings", "[{\"ssrc\": 1111, \"rtxSsrc\": 1112}]"), CAM + ".encodings",
                        "simulcast needs 2 to 4 encodings, lowest first; got 1", SCHEMA),
                bad("empty encodings", set(CAM + ".encodings", "[]"), CAM + ".encodings", "got none", SCHEMA),
                bad("first encoding is not the producer's stream", set(CAM + ".encodings", SIMULCAST.replace("1111", "5000")),
                        CAM + ".encodings[0].ssrc", "the first (lowest) encoding is the producer's own stream", JAVA_ONLY),
                bad("encoding without its RTX SSRC", set(CAM + ".encodings",
                        "[{\"ssrc\": 1111, \"rtxSsrc\": 1112}, {\"ssrc\": 5001}]"), CAM + ".encodings[1].rtxSsrc",
                        "missing: the producer has rtx", JAVA_ONLY),
                bad("encodings on audio", set(MIC + ".encodings", "[{\"ssrc\": 2222}, {\"ssrc\": 5003}]"), MIC + ".encodings",
                        "encodings (simulcast) are for video producers", JAVA_ONLY),
                bad("encoding SSRC used twice", set(CAM + ".encodings", SIMULCAST.replace("5003", "5001")),
                        CAM + ".encodings[2].ssrc", "ssrc 5001 is also used by " + CAM + ".encodings[1].ssrc", JAVA_ONLY),
                bad("rid with a space", set(CAM + ".encodings", SIMULCAST.replace("\"h\"", "\"h d\"")), CAM + ".encodings[1].rid",
                        "a rid is 1 to 16 letters or digits", SCHEMA),
                bad("typo in encoding", set(CAM + ".encodings", SIMULCAST.replaceFirst("maxBitrate", "maxBitRate")),
                        CAM + ".encodings[0].maxBitRate", "unknown field 'maxBitRate' in encoding", SCHEMA),
                bad("rtx not an object", set(CAM + ".rtx", "97"), CAM + ".rtx", "expected an object (rtx), got number 97", SCHEMA),
                bad("rtx without ssrc", remove(CAM + ".rtx.ssrc"), CAM + ".rtx.ssrc", "missing required field 'ssrc'", SCHEMA),
                bad("typo in rtx", set(CAM + ".rtx.pt", "98"), CAM + ".rtx.pt", "unknown field 'pt' in rtx; allowed: payloadType, ssrc", SCHEMA),
                bad("rtcp not an object", set(BOB + ".rtcp", "true"), BOB + ".rtcp", "expected an object (rtcp), got true", SCHEMA),
                bad("typo in rtcp", set(BOB + ".rtcp.pil", "true"), BOB + ".rtcp.pil",
                        "unknown field 'pil' in rtcp (did you mean 'pli'?); allowed: nack, pli, fir, remb, transportCc", SCHEMA),
                bad("rtcp flag as string", set(ALICE + ".rtcp.fir", "\"yes\""), ALICE + ".rtcp.fir", "expected true or false, got string \"yes\"", SCHEMA),
                bad("participant rtx as an object", set(BOB + ".rtx", "{\"payloadType\": 97}"), BOB + ".rtx", "expected true or false, got an object", SCHEMA),
                bad("header extensions not an array", set(BOB + ".headerExtensions", "\"mid\""), BOB + ".headerExtensions",
                        "expected an array, got string \"mid\"", SCHEMA),
                bad("header extension not an object", set(BOB + ".headerExtensions[0]", "3"), BOB + ".headerExtensions[0]",
                        "expected an object (header extension), got number 3", SCHEMA),
                bad("header extension without id", remove(BOB + ".headerExtensions[0].id"), BOB + ".headerExtensions[0].id",
                        "missing required field 'id'", SCHEMA),
                bad("header extension without uri", remove(BOB + ".headerExtensions[0].uri"), BOB + ".headerExtensions[0].uri",
                        "missing required field 'uri'", SCHEMA),
                bad("header extension uri misspelt", set(ALICE + ".headerExtensions[0].uri", "\"urn:ietf:params:rtp-hdrext:sdes:mdi\""),
                        ALICE + ".headerExtensions[0].uri",
                        "unknown header extension 'urn:ietf:params:rtp-hdrext:sdes:mdi' (did you mean 'urn:ietf:params:rtp-hdrext:sdes:mid'?);"
                                + " allowed: urn:ietf:params:rtp-hdrext:sdes:mid, urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", SCHEMA),
                bad("header extension uri unknown", set(ALICE + ".headerExtensions[0].uri", "\"urn:example:color\""),
                        ALICE + ".headerExtensions[0].uri", "unknown header extension 'urn:example:color'; allowed: ", SCHEMA),
                bad("header extension uri not a string", set(ALICE + ".headerExtensions[0].uri", "1"), ALICE + ".headerExtensions[0].uri",
                        "expected a header extension URI (string), got number 1", SCHEMA),

                // Values
                bad("producer id with a slash", set(CAM + ".id", "\"cam/1\""), CAM + ".id", "'cam/1' is not a valid producer id", SCHEMA),
                bad("static payload type", set(MIC + ".payloadType", "0"), MIC + ".payloadType",
                        "must be between 96 and 127 (dynamic payload types; opus, VP8, VP9 and H264 have no static one), got 0", SCHEMA),
                bad("payload type in the RTCP range", set(CAM + ".payloadType", "72"), CAM + ".payloadType", "must be between 96 and 127", SCHEMA),
                bad("payload type beyond 7 bits", set(CAM + ".payloadType", "128"), CAM + ".payloadType", "must be between 96 and 127", SCHEMA),
                bad("rtx payload type out of range", set(CAM + ".rtx.payloadType", "95"), CAM + ".rtx.payloadType", "must be between 96 and 127", SCHEMA),
                bad("ssrc zero", set(MIC + ".ssrc", "0"), MIC + ".ssrc", "must be between 1 and 4294967295, got 0", SCHEMA),
                bad("ssrc beyond 32 bits", set(MIC + ".ssrc", "4294967296"), MIC + ".ssrc", "must be between 1 and 4294967295, got 4294967296", SCHEMA),
                bad("rtx ssrc negative", set(CAM + ".rtx.ssrc", "-1"), CAM + ".rtx.ssrc", "must be between 1 and 4294967295, got -1", SCHEMA),
                bad("video kind for opus", set(MIC + ".kind", "\"video\""), MIC + ".kind", "kind is video but opus is audio (kind must match the codec)",
                        SCHEMA),
                bad("audio kind for VP8", set(CAROL_CAM + ".kind", "\"audio\""), CAROL_CAM + ".kind", "kind is audio but VP8 is video", SCHEMA),
                bad("video clock rate", set(CAM + ".clockRate", "8000"), CAM + ".clockRate",
                        "must be 90000 for VP8 (its RTP payload format fixes the clock rate), got 8000", SCHEMA),
                bad("opus clock rate", set(MIC + ".clockRate", "44100"), MIC + ".clockRate", "must be 48000 for opus", SCHEMA),
                bad("mono opus", set(MIC + ".channels", "1"), MIC + ".channels",
                        "must be 2 for opus (RFC 7587 declares every opus stream with 2 channels; mono or stereo is the encoder's choice), got 1", SCHEMA),
                bad("header extension id zero", set(BOB + ".headerExtensions[0].id", "0"), BOB + ".headerExtensions[0].id",
                        "must be between 1 and 255 (1..14 in the one-byte header form, up to 255 in the two-byte form), got 0", SCHEMA),
                bad("header extension id beyond two bytes", set(BOB + ".headerExtensions[0].id", "256"), BOB + ".headerExtensions[0].id",
                        "must be between 1 and 255", SCHEMA),

                // Relations between values
                bad("sender without producers", remove(ALICE + ".producers"), ALICE + ".producers",
                        "participant 'alice' sends (send is true) but has no producers: list the streams it sends, or set send to false", SCHEMA),
                bad("sender with an empty producer list", set(ALICE + ".producers", "[]"), ALICE + ".producers",
                        "participant 'alice' sends (send is true) but has no producers", SCHEMA),
                bad("default sender without producers", remove(CAROL + ".producers"), CAROL + ".producers",
                        "participant 'carol' sends (send is true) but has no producers", SCHEMA),
                bad("non-sender with producers", set(BOB + ".producers",
                                "[{\"id\": \"cam\", \"kind\": \"video\", \"codec\": \"VP8\", \"payloadType\": 96, \"ssrc\": 4444}]"),
                        BOB + ".producers", "participant 'bob' has producers but send is false: remove them, or set send to true", SCHEMA),
                bad("duplicate producer id", set(MIC + ".id", "\"cam\""), MIC + ".id",
                        "duplicate producer id 'cam' in participant 'alice' (also at " + CAM + ".id)", JAVA_ONLY),
                bad("duplicate payload type in a participant", set(MIC + ".payloadType", "96"), MIC + ".payloadType",
                        "payload type 96 is also used by " + CAM + ".payloadType", JAVA_ONLY),
                bad("rtx payload type of its own media", set(CAM + ".rtx.payloadType", "96"), CAM + ".rtx.payloadType",
                        "payload type 96 is also used by " + CAM + ".payloadType", JAVA_ONLY),
                bad("rtx payload type of another producer's media", set(CAM + ".rtx.payloadType", "111"), MIC + ".payloadType",
                        "payload type 111 is also used by " + CAM + ".rtx.payloadType", JAVA_ONLY),
                bad("payload type naming two codecs in a room", set(CAROL_CAM + ".codec", "\"VP9\""), CAROL_CAM + ".payloadType",
                        "payload type 96 means VP9/90000 here but VP8/90000 at " + CAM + ".payloadType: consumers get payload types unchanged,"
                                + " so in a room each names one codec", JAVA_ONLY),
                bad("rtx payload type as media in a room", set(CAROL_CAM + ".payloadType", "97"), CAROL_CAM + ".payloadType",
                        "payload type 97 means VP8/90000 here but RTX for payload type 96 at " + CAM + ".rtx.payloadType", JAVA_ONLY),
                bad("rtx payload type for another codec in a room", set(CAROL_CAM, "{\"id\": \"cam\", \"kind\": \"video\", \"codec\": \"VP9\","
                                + " \"payloadType\": 98, \"ssrc\": 3333, \"rtx\": {\"payloadType\": 97, \"ssrc\": 3334}}"), CAROL_CAM + ".rtx.payloadType",
                        "payload type 97 means RTX for payload type 98 here but RTX for payload type 96 at " + CAM + ".rtx.payloadType", JAVA_ONLY),
                bad("duplicate ssrc in a participant", set(MIC + ".ssrc", "1111"), MIC + ".ssrc",
                        "ssrc 1111 is also used by " + CAM + ".ssrc", JAVA_ONLY),
                bad("rtx ssrc of its own media", set(CAM + ".rtx.ssrc", "1111"), CAM + ".rtx.ssrc", "ssrc 1111 is also used by " + CAM + ".ssrc",
                        JAVA_ONLY),
                bad("rtx without receive", set(ALICE + ".rtx", "true"), ALICE + ".rtx",
                        "rtx is true but receive is false: participant 'alice' receives nothing to retransmit", SCHEMA),
                bad("rtx without nack", set(BOB + ".rtcp.nack", "false"), BOB + ".rtx",
                        "rtx is true but rtcp.nack is false: the SFU retransmits only what participant 'bob' asks for by NACK", SCHEMA),
                bad("transport-cc without its header extension", set(ALICE + ".rtcp.transportCc", "true"), ALICE + ".headerExtensions",
                        "rtcp.transportCc is true, which needs the header extension http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01:"
                                + " it numbers the packets the feedback reports on", SCHEMA),
                bad("transport-cc without any header extension", set(CAROL + ".rtcp", "{\"transportCc\": true}"), CAROL + ".headerExtensions",
                        "rtcp.transportCc is true, which needs the header extension", SCHEMA),
                bad("REMB without abs-send-time", set(BOB + ".rtcp.remb", "true"), BOB + ".headerExtensions",
                        "rtcp.remb is true, which needs the header extension http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time:"
                                + " bandwidth is estimated from its send times", SCHEMA),
                bad("duplicate header extension id", set(BOB + ".headerExtensions[1]", "{\"id\": 3, \"uri\": \"urn:ietf:params:rtp-hdrext:toffset\"}"),
                        BOB + ".headerExtensions[1].id", "header extension id 3 is also used by " + BOB + ".headerExtensions[0].id", JAVA_ONLY),
                bad("duplicate header extension uri", set(ALICE + ".headerExtensions[1].uri", "\"urn:ietf:params:rtp-hdrext:sdes:mid\""),
                        ALICE + ".headerExtensions[1].uri",
                        "duplicate header extension urn:ietf:params:rtp-hdrext:sdes:mid (also at " + ALICE + ".headerExtensions[0].uri)", JAVA_ONLY),
                bad("subscribe to an unknown producer", set(BOB + ".subscribe[0]", "\"alice/screen\""), BOB + ".subscribe[0]",
                        "participant 'alice' has no producer 'screen'; it has: cam, mic", JAVA_ONLY),
                bad("subscribe to an empty producer id", set(BOB + ".subscribe[0]", "\"alice/\""), BOB + ".subscribe[0]",
                        "participant 'alice' has no producer ''", SCHEMA),
                bad("subscribe to a producer path too deep", set(BOB + ".subscribe[0]", "\"alice/cam/1\""), BOB + ".subscribe[0]",
                        "participant 'alice' has no producer 'cam/1'", SCHEMA),
                bad("subscribe to a producer of an unknown participant", set(BOB + ".subscribe[0]", "\"dave/cam\""), BOB + ".subscribe[0]",
                        "no participant 'dave' in room 'demo'", JAVA_ONLY),
                bad("subscribe to a producer of itself", set(CAROL + ".subscribe", "[\"carol/cam\"]"), CAROL + ".subscribe[0]",
                        "participant 'carol' cannot subscribe to itself", JAVA_ONLY),
                bad("subscribe to a producer of a non-sender", set(CAROL + ".subscribe", "[\"bob/cam\"]"), CAROL + ".subscribe[0]",
                        "participant 'bob' does not send (send is false)", JAVA_ONLY),
                bad("duplicate producer subscription", set(BOB + ".subscribe", "[\"alice/cam\", \"alice/cam\"]"), BOB + ".subscribe[1]",
                        "duplicate subscription to 'alice/cam' (also at " + BOB + ".subscribe[0])", SCHEMA),
                bad("producer subscription covered by its participant", set(BOB + ".subscribe", "[\"alice\", \"alice/cam\"]"), BOB + ".subscribe[1]",
                        "subscription to 'alice/cam' is redundant: 'alice' at " + BOB + ".subscribe[0] already takes every producer of alice", JAVA_ONLY),
                bad("participant subscription covering a producer one", set(BOB + ".subscribe", "[\"alice/mic\", \"alice\"]"), BOB + ".subscribe[1]",
                        "subscription to 'alice' takes every producer of alice, which makes the one at " + BOB + ".subscribe[0] redundant: keep one of them",
                        JAVA_ONLY));
    }

    static List<Valid> valid() {
        return List.of(
                good("the full config", FULL),
                good("only media", "{\"media\": {\"interface\": \"lo\", \"addresses\": [\"127.0.0.1\"], \"portMin\": 1, \"portMax\": 65535}}"),
                good("no rooms", set("$.rooms", "[]").apply(FULL)),
                good("simulcast camera", set(CAM + ".encodings", SIMULCAST).apply(FULL)),
                good("a room without participants", set("$.rooms[1]", "{\"id\": \"empty\", \"participants\": []}").apply(FULL)),
                good("widest port range, signaling on loopback", set(set(set("$.media.portMin", "1"), "$.media.portMax", "65535"),
                        LISTEN + ".address", "\"127.0.0.1\"").apply(FULL)),
                good("one-port range", set(set(set(set("$.rooms", "[]"), "$.media.portMin", "5004"), "$.media.portMax", "5004"),
                        "$.rooms[0]", "{\"id\": \"solo\", \"participants\": [{\"id\": \"a\", \"port\": 5004, \"remote\": {\"comedia\": true},"
                                + " \"send\": false}]}")
                        .apply(FULL)),
                good("integer written as 40000.0", set("$.media.portMin", "40000.0").apply(FULL)),
                good("15-character interface", set("$.media.interface", "\"abcdefghijklmno\"").apply(FULL)),
                good("interface with dots and dashes", set("$.media.interface", "\"br-lan.100\"").apply(FULL)),
                good("16 addresses", set("$.media.addresses", addresses(16)).apply(FULL)),
                good("IPv4-mapped IPv6 media address", set("$.media.addresses[0]", "\"::ffff:10.0.0.1\"").apply(FULL)),
                good("uppercase IPv6", set("$.media.addresses[1]", "\"FD00::1\"").apply(FULL)),
                good("full-form IPv6", set("$.media.addresses[1]", "\"fd00:0000:0000:0000:0000:0000:0000:0001\"").apply(FULL)),
                good("loopback remote", set(BOB + ".remote.address", "\"127.0.0.1\"").apply(FULL)),
                good("socket backend", set("$.backend", "\"socket\"").apply(FULL)),
                good("smallest UMEM", set(set(set("$.afxdp.framesPerQueue", "128"), "$.afxdp.ringSize", "64"), "$.afxdp.frameSize", "2048")
                        .apply(FULL)),
                good("largest UMEM", set(set("$.afxdp.framesPerQueue", "262144"), "$.afxdp.ringSize", "32768").apply(FULL)),
                good("ring exactly half the frames", set(set("$.afxdp.framesPerQueue", "4096"), "$.afxdp.ringSize", "2048").apply(FULL)),
                good("default ring with half the frames", remove(set("$.afxdp.framesPerQueue", "4096"), "$.afxdp.ringSize").apply(FULL)),
                good("small ring, default frames", set(remove("$.afxdp.framesPerQueue"), "$.afxdp.ringSize", "64").apply(FULL)),
                good("socket bounds low", set(set("$.socket.batchSize", "1"), "$.socket.receiveBufferBytes", "4096").apply(FULL)),
                good("socket bounds high", set(set("$.socket.batchSize", "1024"), "$.socket.sendBufferBytes", "1073741824").apply(FULL)),
                good("busy-spin by name", set("$.agent.idleStrategy", "\"busy-spin\"").apply(FULL)),
                good("yield as an object", set("$.agent.idleStrategy", "{\"type\": \"yield\"}").apply(FULL)),
                good("sleep by name", set("$.agent.idleStrategy", "\"sleep\"").apply(FULL)),
                good("sleep with micros", set("$.agent.idleStrategy", "{\"type\": \"sleep\", \"sleepMicros\": 1000000}").apply(FULL)),
                good("backoff with micros", set("$.agent.idleStrategy", "{\"type\": \"backoff\", \"maxParkMicros\": 1}").apply(FULL)),
                good("agent batch bounds", set("$.agent.batchSize", "1024").apply(FULL)),
                good("64-character id", set("$.rooms[0].id", "\"" + "r".repeat(64) + "\"").apply(FULL)),
                good("receive-only without subscribe", remove(BOB + ".subscribe").apply(FULL)),
                good("send-only with receive false", set(CAROL + ".receive", "false").apply(FULL)),
                good("codec in lower case", set(CAM + ".codec", "\"vp8\"").apply(FULL)),
                good("codec in upper case", set(MIC + ".codec", "\"OPUS\"").apply(FULL)),
                good("clock rate and channels left out", remove(remove(MIC + ".clockRate"), MIC + ".channels").apply(FULL)),
                good("producer without rtx", remove(CAM + ".rtx").apply(FULL)),
                good("every codec", set(CAROL + ".producers", "[{\"id\": \"a\", \"kind\": \"video\", \"codec\": \"H264\", \"payloadType\": 102, \"ssrc\": 5},"
                        + " {\"id\": \"b\", \"kind\": \"video\", \"codec\": \"VP9\", \"payloadType\": 98, \"ssrc\": 6,"
                        + " \"rtx\": {\"payloadType\": 99, \"ssrc\": 7}},"
                        + " {\"id\": \"c\", \"kind\": \"audio\", \"codec\": \"opus\", \"payloadType\": 111, \"ssrc\": 8}]").apply(FULL)),
                good("payload type and ssrc bounds", set(set(set(MIC + ".payloadType", "127"), MIC + ".ssrc", "4294967295"), CAM + ".rtx.ssrc", "1")
                        .apply(FULL)),
                good("non-sender with an empty producer list", set(BOB + ".producers", "[]").apply(FULL)),
                good("subscribe to one producer", set(BOB + ".subscribe", "[\"alice/cam\"]").apply(FULL)),
                good("subscribe to producers and participants", set(BOB + ".subscribe", "[\"alice/cam\", \"alice/mic\", \"carol\"]").apply(FULL)),
                good("rtx receiver of a producer without rtx", set(BOB + ".subscribe", "[\"carol\"]").apply(FULL)),
                good("feedback all off", set(set(BOB + ".rtx", "false"), BOB + ".rtcp",
                        "{\"nack\": false, \"pli\": false, \"fir\": false, \"remb\": false, \"transportCc\": false}").apply(FULL)),
                good("rtcp empty", set(CAROL + ".rtcp", "{}").apply(FULL)),
                good("rtx off with nack off", set(set(CAROL + ".rtx", "false"), CAROL + ".rtcp", "{\"nack\": false}").apply(FULL)),
                good("transport-cc with its extension", set(set(ALICE + ".rtcp.transportCc", "true"), ALICE + ".headerExtensions[2]",
                        "{\"id\": 3, \"uri\": " + TWCC + "}").apply(FULL)),
                good("REMB with abs-send-time", set(ALICE + ".rtcp.remb", "true").apply(FULL)),
                good("two-byte header extension ids", set(set(BOB + ".headerExtensions[0].id", "255"), BOB + ".headerExtensions[1]",
                        "{\"id\": 15, \"uri\": \"urn:3gpp:video-orientation\"}").apply(FULL)),
                good("no header extensions", set(ALICE + ".headerExtensions", "[]").apply(FULL)),
                good("srtp AES-CM 80 on a fixed remote", set(BOB + ".srtp", srtp("AES_CM_128_HMAC_SHA1_80", KEY_30_A, KEY_30_B)).apply(FULL)),
                good("srtp AES-CM 32 on a comedia sender", set(ALICE + ".srtp", srtp("AES_CM_128_HMAC_SHA1_32", KEY_30_B, KEY_30_A)).apply(FULL)),
                good("srtp GCM, padded and not", set(CAROL + ".srtp", srtp("AEAD_AES_128_GCM", KEY_28_A, KEY_28_B.replace("==", "")))
                        .apply(FULL)),
                good("srtp with the same keys on two participants", set(set(ALICE + ".srtp", srtp("AES_CM_128_HMAC_SHA1_80", KEY_30_A, KEY_30_B)),
                        BOB + ".srtp", srtp("AES_CM_128_HMAC_SHA1_80", KEY_30_A, KEY_30_B)).apply(FULL)),
                good("every known header extension", set(CAROL + ".headerExtensions", HeaderExtension.URIS.stream()
                        .map(uri -> "{\"id\": " + (HeaderExtension.URIS.indexOf(uri) + 1) + ", \"uri\": \"" + uri + "\"}")
                        .collect(Collectors.joining(", ", "[", "]"))).apply(FULL)),
                good("same header extension ids in different participants", set(BOB + ".headerExtensions[0].id", "1").apply(FULL)),
                good("no signaling", remove(SIG).apply(FULL)),
                good("signaling with only a key file", set(SIG, "{\"tokenKeyFile\": \"/etc/xsfu/token.key\"}").apply(FULL)),
                good("signaling subsections empty", set(SIG, "{\"listen\": {}, \"tokenKeyFile\": \"/k\", \"limits\": {}}").apply(FULL)),
                good("inline key of 32 bytes", inline(KEY_32).apply(FULL)),
                good("inline key of 16 two-byte characters", inline("\"" + "é".repeat(16) + "\"").apply(FULL)),
                good("inline key of 11 three-byte characters", inline("\"" + "鍵".repeat(11) + "\"").apply(FULL)),
                good("inline key of 8 four-byte characters", inline("\"" + "🔑".repeat(8) + "\"").apply(FULL)),
                good("inline key of escapes", inline("\"" + "\\\"\\\\\\n\\u00e9".repeat(8) + "\"").apply(FULL)),
                good("key file and TLS paths with spaces", set(set(set(SIG + ".tokenKeyFile", "\"/run/secrets/xsfu key\""),
                        TLS + ".certificate", "\"/etc/x s/cert.pem\""), TLS + ".privateKey", "\"/etc/x s/key.pem\"").apply(FULL)),
                good("no tls", remove(TLS).apply(FULL)),
                good("listen on IPv6 wildcard", set(LISTEN + ".address", "\"::\"").apply(FULL)),
                good("listen on loopback in the media range", set(LISTEN, "{\"address\": \"127.0.0.1\", \"port\": 40500}").apply(FULL)),
                good("listen on another address in the media range", set(LISTEN, "{\"address\": \"10.0.0.9\", \"port\": 40500}").apply(FULL)),
                good("listen on IPv4-mapped loopback", set(LISTEN + ".address", "\"::ffff:127.0.0.1\"").apply(FULL)),
                good("listen just below the media range", set(LISTEN + ".port", "39999").apply(FULL)),
                good("listen just above the media range", set(LISTEN + ".port", "41000").apply(FULL)),
                good("IPv4 wildcard in the media range of IPv6 media", set(set(set("$.media.addresses", "[\"fd00::1\"]"), BOB + ".remote",
                        "{\"comedia\": true}"), LISTEN, "{\"address\": \"0.0.0.0\", \"port\": 40500}").apply(FULL)),
                good("listen port bounds low", set(LISTEN + ".port", "1").apply(FULL)),
                good("listen port bounds high", set(LISTEN + ".port", "65535").apply(FULL)),
                good("signaling limits at their minimum", set(LIMITS, "{\"maxMessageBytes\": 1024, \"requestsPerSecond\": 1,"
                        + " \"maxParticipantsPerRoom\": 1, \"maxRooms\": 1, \"gracePeriodSeconds\": 0, \"statsIntervalSeconds\": 0}").apply(FULL)),
                good("signaling limits at their maximum", set(LIMITS, "{\"maxMessageBytes\": 1048576, \"requestsPerSecond\": 10000,"
                        + " \"maxParticipantsPerRoom\": 10000, \"maxRooms\": 100000, \"gracePeriodSeconds\": 3600, \"statsIntervalSeconds\": 3600}")
                        .apply(FULL)),
                good("sections left out", "{\"media\": {\"interface\": \"eth0\", \"addresses\": [\"fd00::1\"], \"portMin\": 40000, \"portMax\": 40001},"
                        + " \"afxdp\": {}, \"socket\": {}, \"agent\": {}, \"counters\": {}, \"rooms\": []}"));
    }

    private static String addresses(int count) {
        return IntStream.range(0, count).mapToObj(i -> i == 1 ? "\"fd00::1\"" : "\"10.0.0." + (i + 1) + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static Invalid bad(String name, UnaryOperator<String> edit, String path, String message, boolean schemaExpresses) {
        String json = edit.apply(FULL);
        if (json.equals(FULL)) {
            throw new IllegalStateException(name + ": the edit changed nothing");
        }
        return new Invalid(name, json, path, message, schemaExpresses);
    }

    private static Valid good(String name, String json) {
        return new Valid(name, json);
    }

    private static UnaryOperator<String> set(String path, String rawJson) {
        return json -> JsonEdit.set(json, path, rawJson);
    }

    private static UnaryOperator<String> set(UnaryOperator<String> before, String path, String rawJson) {
        return json -> JsonEdit.set(before.apply(json), path, rawJson);
    }

    private static UnaryOperator<String> remove(String path) {
        return json -> JsonEdit.remove(json, path);
    }

    private static UnaryOperator<String> remove(UnaryOperator<String> before, String path) {
        return json -> JsonEdit.remove(before.apply(json), path);
    }

    private ConfigCases() {
    }
}
