package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private int taken(TokenBucket bucket, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryTake()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aBurstOfOneSecondThenTheRate() {
        AtomicLong now = new AtomicLong(123);
        TokenBucket bucket = new TokenBucket(10, now::get);
        assertEquals(10, taken(bucket, 100));
        now.addAndGet(100_000_000L);
        assertEquals(1, taken(bucket, 100));
        now.addAndGet(60_000_000_000L);
        assertEquals(10, taken(bucket, 100), "idle time does not buy more than a second's burst");
        for (int second = 0; second < 5; second++) {
            now.addAndGet(1_000_000_000L);
            assertEquals(10, taken(bucket, 100));
        }
    }
}
