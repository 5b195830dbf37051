package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.internal.SessionDifferentialTest.Config;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import dev.streamkit.windows.internal.WindowTestSupport.Step;
import java.io.File;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Restores snapshots committed as test resources, taken with the session operator of Streamkit
 * before issue 16 ({@code PolicyWindowOperator}, Flink's {@code WindowOperator} layout: {@code
 * window-contents}, {@code merging-window-set}, {@code window-timers}), into the new session
 * operator, and checks the results of the whole run against Flink's own {@code
 * EventTimeSessionWindows} run without interruption. Regenerate the resources (only from a commit
 * whose session path is the previous operator) with {@code -Dsessions.writeSnapshots=<dir>}.
 */
class SessionSavepointMigrationTest {
    /** 25 ms gap, 30 ms allowed lateness: sessions open, fired-and-kept and late at the cut. */
    static final Config CONFIG = new Config(25, false, 0, 30);

    static final long SEED = 4242;

    static List<Step> script() {
        return SessionDifferentialTest.burstyStream(SEED, 600);
    }

    static String resource(Backend backend) {
        return "session-migration/previous-operator-"
                + backend.name().toLowerCase(Locale.ROOT)
                + ".snapshot";
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void snapshotOfThePreviousOperatorRestoresIntoTheNewOne(Backend backend) throws Exception {
        List<Step> steps = script();
        int cut = steps.size() / 2;
        String dir = System.getProperty("sessions.writeSnapshots");
        if (dir != null) {
            var previous =
                    SessionDifferentialTest.open(SessionDifferentialTest.previous(CONFIG), backend);
            for (Step s : steps.subList(0, cut)) {
                s.applyTo(previous);
            }
            File out = new File(dir, resource(backend));
            out.getParentFile().mkdirs();
            OperatorSnapshotUtil.writeStateHandle(previous.snapshot(1, 1), out.getPath());
            previous.close();
        }
        URL url = getClass().getClassLoader().getResource(resource(backend));
        assertThat(url).as("committed snapshot " + resource(backend)).isNotNull();
        OperatorSubtaskState snapshot = OperatorSnapshotUtil.readStateHandle(url.getPath());

        var flink = SessionDifferentialTest.open(SessionDifferentialTest.flink(CONFIG), backend);
        for (Step s : steps) {
            s.applyTo(flink);
        }
        // what the previous operator emitted before the snapshot is what Flink emits up to the cut
        var flinkFirst =
                SessionDifferentialTest.open(SessionDifferentialTest.flink(CONFIG), backend);
        for (Step s : steps.subList(0, cut)) {
            s.applyTo(flinkFirst);
        }
        var restored =
                WindowTestSupport.harness(
                        SessionDifferentialTest.ours(CONFIG, 1 << 20),
                        KEY,
                        Types.INT,
                        backend,
                        128,
                        1,
                        0);
        restored.initializeState(snapshot);
        restored.open();
        assertThat(SessionDifferentialTest.legacyKeys(restored)).isZero();
        assertThat(SessionDifferentialTest.sessionKeys(restored)).isPositive();
        new Step(null, WindowTestSupport.lastWatermark(steps.subList(0, cut))).applyTo(restored);
        for (Step s : steps.subList(cut, steps.size())) {
            s.applyTo(restored);
        }
        List<String> results = WindowTestSupport.normalized(flinkFirst.getOutput());
        results.addAll(WindowTestSupport.normalized(restored.getOutput()));
        results.sort(String::compareTo);
        List<String> late =
                WindowTestSupport.lateEvents(
                        flinkFirst.getSideOutput(SessionDifferentialTest.FLINK_LATE));
        late.addAll(
                WindowTestSupport.lateEvents(restored.getSideOutput(SessionDifferentialTest.LATE)));
        late.sort(String::compareTo);
        assertThat(results).hasSizeGreaterThan(20);
        assertThat(results).isEqualTo(WindowTestSupport.normalized(flink.getOutput()));
        assertThat(late)
                .isEqualTo(
                        WindowTestSupport.lateEvents(
                                flink.getSideOutput(SessionDifferentialTest.FLINK_LATE)));
        assertThat(SessionDifferentialTest.sessionKeys(restored)).isZero();
        assertThat(restored.numEventTimeTimers()).isZero();
        flink.close();
        flinkFirst.close();
        restored.close();
    }
}
