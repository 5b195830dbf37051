package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class SweptSlicesTest {

    private static Tuple2<Long, String> v(String s) {
        return Tuple2.of(1L, s);
    }

    @Test
    void sortsSlicesAppendedOutOfOrderKeepingTheirValues() {
        SweptSlices<String> s = new SweptSlices<>();
        long[] order = {30, 10, 50, 20, 40, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 5, 15};
        for (long j : order) {
            s.append(j, v("v" + j));
        }
        s.sortIfNeeded();
        assertThat(s.n).isEqualTo(order.length);
        for (int t = 1; t < s.n; t++) {
            assertThat(s.idx[t]).isGreaterThan(s.idx[t - 1]);
        }
        for (int t = 0; t < s.n; t++) {
            assertThat(s.vals[t].f1).isEqualTo("v" + s.idx[t]);
        }
    }

    @Test
    void insertsAtTheSearchPosition() {
        SweptSlices<String> s = new SweptSlices<>();
        s.append(1, v("a"));
        s.append(5, v("c"));
        int pos = s.find(3);
        assertThat(pos).isEqualTo(-2);
        s.insertAt(-pos - 1, 3, v("b"));
        assertThat(s.find(3)).isEqualTo(1);
        assertThat(s.vals[1].f1).isEqualTo("b");
        assertThat(s.vals[2].f1).isEqualTo("c");
        s.clear();
        assertThat(s.n).isZero();
        assertThat(s.vals[0]).isNull();
    }
}
