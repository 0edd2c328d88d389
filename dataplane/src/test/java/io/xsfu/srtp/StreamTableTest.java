package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StreamTableTest {
    /**
     * Random puts and removes (from a few SSRCs, so that probe runs collide and removals shift entries back)
     * against a HashMap with the same bound.
     */
    @Property(tries = 2000)
    void behavesLikeABoundedMap(@ForAll @IntRange(min = 1, max = 20) int capacity,
            @ForAll @Size(max = 200) List<@IntRange(min = -40, max = 40) Integer> ops) {
        StreamTable table = new StreamTable(capacity);
        Map<Integer, SrtpStream> model = new HashMap<>();
        for (int op : ops) {
            int ssrc = Math.abs(op) * 0x01000000; // high bits only: the hash must spread them
            if (op >= 0) {
                SrtpStream found = table.get(ssrc);
                assertSame(model.get(ssrc), found);
                if (found == null) {
                    SrtpStream added = table.put(ssrc);
                    if (model.size() == capacity) {
                        assertNull(added);
                    } else {
                        assertNotNull(added);
                        assertEquals(ssrc, added.ssrc());
                        model.put(ssrc, added);
                    }
                }
            } else {
                assertEquals(model.remove(ssrc) != null, table.remove(ssrc));
            }
            assertEquals(model.size(), table.size());
            for (Map.Entry<Integer, SrtpStream> e : model.entrySet()) {
                assertSame(e.getValue(), table.get(e.getKey()));
            }
        }
    }
}
