package io.xsfu.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void userAndSystemTicksAreFieldsFourteenAndFifteenWhateverTheCommandName() {
        String line = "4242 (xsfu (forwarder) 1) R 1 4242 4242 0 -1 4194560 1234 0 0 0 731 269 0 0 20 0 24 0 9999 "
                + "123456 789 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        assertEquals(1000, ProcessCpu.ticks(line));
    }

    @Test
    void thisProcessHasUsedSomeCpu() {
        double busy = 0;
        long end = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < end) {
            busy += Math.sqrt(busy + 1);
        }
        assertTrue(ProcessCpu.seconds(ProcessHandle.current().pid()) > 0, "spun " + busy);
    }

    @Test
    void idleShareIsIdlePlusIowaitOverEverything() {
        long[] a = IdleWait.parseCpuLine("cpu  100 0 100 700 100 0 0 0 0 0");
        long[] b = IdleWait.parseCpuLine("cpu  150 0 150 1550 150 0 0 0 0 0");
        assertEquals(90, IdleWait.idlePercent(a, b));
    }
}
