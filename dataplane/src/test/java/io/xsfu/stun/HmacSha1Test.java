package io.xsfu.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha1Test {
    @Test
    void rfc2202TestCases() {
        byte[] k1 = new byte[20];
        Arrays.fill(k1, (byte) 0x0b);
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", mac(k1, "Hi There"));
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
                mac("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"));
        byte[] k6 = new byte[80];
        Arrays.fill(k6, (byte) 0xaa);
        assertEquals("aa4ae5e15272d00e95705637ce8a3b55ed402112",
                mac(k6, "Test Using Larger Than Block-Size Key - Hash Key First"));
    }

    @Test
    void agreesWithTheJdksMacOverArraysAndSegmentsOfAnyLength() throws Exception {
        Random random = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment direct = arena.allocate(2000);
            for (int i = 0; i < 300; i++) {
                byte[] key = new byte[1 + random.nextInt(130)]; // the JDK refuses an empty key
                random.nextBytes(key);
                byte[] data = new byte[random.nextInt(1200)];
                random.nextBytes(data);
                Mac jdk = Mac.getInstance("HmacSHA1");
                jdk.init(new SecretKeySpec(key, "HmacSHA1"));
                String expected = HexFormat.of().formatHex(jdk.doFinal(data));

                HmacSha1 ours = new HmacSha1(key);
                int split = data.length == 0 ? 0 : random.nextInt(data.length);
                MemorySegment.copy(MemorySegment.ofArray(data), 0, direct, 17, data.length);
                byte[] out = new byte[HmacSha1.LENGTH + 3];
                ours.start();
                ours.update(data, 0, split);
                ours.update(direct, 17 + split, data.length - split);
                ours.finish(out, 3);
                assertEquals(expected, HexFormat.of().formatHex(out, 3, 3 + HmacSha1.LENGTH), "key " + key.length
                        + " data " + data.length + " split " + split);

                // Reused: start() forgets what came before.
                ours.start();
                ours.update(MemorySegment.ofArray(data), 0, data.length);
                ours.finish(out, 0);
                assertEquals(expected, HexFormat.of().formatHex(out, 0, HmacSha1.LENGTH));
            }
        }
    }

    private static String mac(byte[] key, String data) {
        HmacSha1 h = new HmacSha1(key);
        byte[] out = new byte[HmacSha1.LENGTH];
        h.start();
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        h.update(d, 0, d.length);
        h.finish(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
