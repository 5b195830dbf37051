package dev.streamkit.state;

import dev.streamkit.state.HarnessSupport.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/** Randomized, seeded event scripts of (id, sequence number) records. */
final class DedupScripts {
    static final TypeInformation<Tuple2<Long, Integer>> TYPE = Types.TUPLE(Types.LONG, Types.INT);
    static final KeySelector<Tuple2<Long, Integer>, Long> ID = t -> t.f0;

    private DedupScripts() {}

    /**
     * {@code n} records over {@code ids} ids, 1 ms of event time per record on average, up to
     * {@code disorder} ms out of order, a watermark (max timestamp - disorder) every few records
     * and a final watermark at {@code Long.MAX_VALUE} if {@code closeAll}.
     */
    static List<Step<Tuple2<Long, Integer>>> random(
            long seed, int n, int ids, long disorder, boolean closeAll) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Step<Tuple2<Long, Integer>>> steps = new ArrayList<>();
        long maxTs = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long ts = i + 1000 - (disorder == 0 ? 0 : random.nextLong(disorder + 1));
            maxTs = Math.max(maxTs, ts);
            steps.add(Step.record(Tuple2.of((long) random.nextInt(ids), i), ts));
            if (random.nextInt(8) == 0) {
                steps.add(Step.watermark(maxTs - disorder));
            }
        }
        if (closeAll) {
            steps.add(Step.watermark(Long.MAX_VALUE));
        }
        return steps;
    }

    /** Records 1-3 copies of each of {@code ids} ids, copies close together, in order. */
    static List<Step<Tuple2<Long, Integer>>> repeated(long seed, int ids) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Step<Tuple2<Long, Integer>>> steps = new ArrayList<>();
        int seq = 0;
        for (long id = 0; id < ids; id++) {
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                steps.add(Step.record(Tuple2.of(id, seq++), id * 10 + c));
            }
            if (id % 16 == 15) {
                steps.add(Step.watermark(id * 10));
            }
        }
        return steps;
    }
}
