package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.EVENT;
import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static dev.streamkit.windows.internal.WindowTestSupport.aggregation;
import static dev.streamkit.windows.internal.WindowTestSupport.harness;
import static dev.streamkit.windows.internal.WindowTestSupport.lateEvents;
import static dev.streamkit.windows.internal.WindowTestSupport.randomStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import dev.streamkit.windows.internal.WindowTestSupport.Step;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restores snapshots of the slicing operator taken by the code before issue 16's rebuild (commit
 * c526bdc, heap backend, committed under {@code src/test/resources/savepoints}) and checks that the
 * rest of the stream gives exactly the output that code gave (also committed): the state names,
 * layouts ({@code slice-bookkeeping} as a {@code long[7]}) and timer service stayed compatible.
 *
 * <p>To regenerate (only on the old code): {@code -Dstreamkit.writeSavepoints=true}.
 */
class SlicingSavepointCompatibilityTest {
    private static final Path DIR = Paths.get("src/test/resources/savepoints");

    /**
     * The committed resource: read from the test classpath (the Flink 2.2 line compiles these tests
     * in another module directory), written into the source tree when regenerating.
     */
    private static Path file(String name) throws Exception {
        if (Boolean.getBoolean("streamkit.writeSavepoints")) {
            return DIR.resolve(name);
        }
        URL url = SlicingSavepointCompatibilityTest.class.getResource("/savepoints/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource savepoints/" + name);
        }
        return Paths.get(url.toURI());
    }

    private static WindowAggregation<Tuple3<Integer, Long, Long>, ?> spec(String kind) {
        return WindowTestSupport.shape(kind)
                .aggregate(aggregation())
                .lateRecords(
                        LatePolicy.sideOutputWithLateness("late", EVENT, Duration.ofMillis(60)))
                .miniBatchKeys(3)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?>
            open(String kind, OperatorSubtaskState restore) throws Exception {
        OneInputStreamOperator op =
                (OneInputStreamOperator)
                        ((SlicingWindowAggregation) WindowTestSupport.plan(spec(kind)))
                                .createOperator();
        var h = harness(op, KEY, Types.INT, Backend.HASHMAP, 128, 1, 0);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return (KeyedOneInputStreamOperatorTestHarness) h;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tumbling", "sliding", "cumulative"})
    void restoresSnapshotOfThePreviousOperator(String kind) throws Exception {
        List<Step> steps = randomStream(4242, 900, 6, 300, 50);
        int cut = steps.size() / 2;
        File snapshotFile = file("slicing-" + kind + ".snapshot").toFile();
        Path expectedFile = file("slicing-" + kind + ".after-restore.txt");
        if (Boolean.getBoolean("streamkit.writeSavepoints")) {
            var before = open(kind, null);
            for (Step step : steps.subList(0, cut)) {
                step.applyTo(before);
            }
            before.prepareSnapshotPreBarrier(1);
            OperatorSnapshotUtil.writeStateHandle(before.snapshot(1, 1), snapshotFile.getPath());
            before.close();
        }
        var restored = open(kind, OperatorSnapshotUtil.readStateHandle(snapshotFile.getPath()));
        restored.processWatermark(
                new Watermark(WindowTestSupport.lastWatermark(steps.subList(0, cut))));
        for (Step step : steps.subList(cut, steps.size())) {
            step.applyTo(restored);
        }
        // exact results, correction flags included, in a canonical order
        List<String> output = new ArrayList<>();
        for (Object result : restored.extractOutputValues()) {
            output.add(result.toString());
        }
        output.sort(Comparator.naturalOrder());
        output.addAll(lateEvents(restored.getSideOutput(spec(kind).lateRecordsTag())));
        restored.close();
        if (Boolean.getBoolean("streamkit.writeSavepoints")) {
            Files.write(expectedFile, output, StandardCharsets.UTF_8);
        }
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8);
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(output).isEqualTo(expected);
    }
}
