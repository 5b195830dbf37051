package dev.streamkit.cep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void groupsEachKeysEventsInArrivalOrderThroughTableGrowth() {
        Arrivals<Integer> arrivals = new Arrivals<>();
        for (int round = 0; round < 3; round++) {
            // a different key count per round: the table grows, then is reused after clear()
            int keyCount = round == 1 ? 40 : 5_000;
            SplittableRandom random = new SplittableRandom(round);
            Map<String, List<Integer>> expected = new LinkedHashMap<>();
            for (int i = 0; i < 20_000; i++) {
                // a fresh String instance each time: equal keys are found by equals, not identity
                String key = new String("k" + random.nextInt(keyCount));
                arrivals.add(key, i);
                expected.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
            assertThat(arrivals.size()).isEqualTo(20_000);

            arrivals.group();
            Map<String, List<Integer>> grouped = new LinkedHashMap<>();
            for (int i = 0; i < arrivals.keyCount(); i++) {
                grouped.put((String) arrivals.keyAt(i), arrivals.takeAt(i));
            }
            assertThat(grouped).isEqualTo(expected);
            // taken lists are gone
            assertThat(arrivals.takeAt(0)).isNull();

            arrivals.clear();
            assertThat(arrivals.isEmpty()).isTrue();
            assertThat(arrivals.keyCount()).isZero();
        }
    }

    @Test
    void keysWithCollidingHashCodesStayApart() {
        // "Aa" and "BB" have the same String.hashCode
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        Arrivals<String> arrivals = new Arrivals<>();
        arrivals.add("Aa", "a1");
        arrivals.add("BB", "b1");
        arrivals.add("Aa", "a2");
        arrivals.add("C", "c1");
        arrivals.add("BB", "b2");
        arrivals.group();

        assertThat(arrivals.take("BB")).containsExactly("b1", "b2");
        assertThat(arrivals.take("BB")).isNull();
        assertThat(arrivals.take("missing")).isNull();
        assertThat(arrivals.take("Aa")).containsExactly("a1", "a2");
        assertThat(arrivals.take("C")).containsExactly("c1");
    }

    @Test
    void addAllAppendsInOrderAfterEarlierEvents() {
        Arrivals<Integer> arrivals = new Arrivals<>();
        arrivals.add("k", 1);
        ArrayList<Integer> more = new ArrayList<>(List.of(2, 3));
        arrivals.addAll("k", more);
        arrivals.add("other", 9);
        arrivals.add("k", 4);
        arrivals.group();
        assertThat(arrivals.take("k")).containsExactly(1, 2, 3, 4);
        assertThat(arrivals.take("other")).containsExactly(9);
    }

    @Test
    void emptyArrivalsTakeNothing() {
        Arrivals<Integer> arrivals = new Arrivals<>();
        assertThat(arrivals.take("k")).isNull();
        arrivals.group();
        assertThat(arrivals.keyCount()).isZero();
    }
}
