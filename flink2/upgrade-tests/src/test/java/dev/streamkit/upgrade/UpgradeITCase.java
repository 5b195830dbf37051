package dev.streamkit.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.internal.FlinkLine;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MSF's in-place upgrade, run as MSF runs it: a Flink 1.20 job (another JVM, the 1.20 classpath:
 * flink2/upgrade-writer) processes phase 1 and stops with a savepoint; this JVM (Flink 2.2, the 2.2
 * artifacts) restores it and processes phase 2. For every stateful operator, phase-1 output plus
 * restored output must equal an uninterrupted 2.2 run over both phases (every output and side
 * output), and the operator's phase-2 output must differ from a run of phase 2 without the
 * savepoint (so its results really depend on the state that crossed the upgrade).
 */
class UpgradeITCase {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void flink120SavepointRestoresOnFlink22WithTheSameResults(String backend, @TempDir Path dir)
            throws Exception {
        assertThat(FlinkLine.LINE).as("this JVM runs the Flink 2.2 line").isEqualTo("2.2");
        Path out = dir.resolve("phase1.txt");
        runWriter(backend, dir.resolve("savepoints"), out);
        List<String> written = Files.readAllLines(out, StandardCharsets.UTF_8);
        String savepoint = written.get(0);
        List<String> phase1 = written.subList(1, written.size());

        List<String> restored =
                Runs.runToEnd(backend, UpgradeData.PHASE2, "source-phase2", savepoint);
        List<String> uninterrupted = Runs.runToEnd(backend, UpgradeData.ALL, "source-all", null);
        List<String> fresh = Runs.runToEnd(backend, UpgradeData.PHASE2, "source-phase2", null);

        List<String> upgraded = new ArrayList<>(phase1);
        upgraded.addAll(restored);
        Map<String, List<String>> actual = UpgradeJob.byBranch(upgraded);
        Map<String, List<String>> expected = UpgradeJob.byBranch(uninterrupted);
        Map<String, List<String>> restoredByBranch = UpgradeJob.byBranch(restored);
        Map<String, List<String>> freshByBranch = UpgradeJob.byBranch(fresh);
        for (String branch : UpgradeJob.BRANCHES) {
            assertThat(expected.get(branch)).as("%s emits something", branch).isNotEmpty();
            assertThat(actual.get(branch))
                    .as("%s: 1.20 phase 1 + 2.2 restored phase 2 = uninterrupted run", branch)
                    .isEqualTo(expected.get(branch));
        }
        for (String operator : UpgradeJob.OPERATORS) {
            assertThat(operatorOutput(restoredByBranch, operator))
                    .as("%s: phase 2 output depends on the restored state", operator)
                    .isNotEqualTo(operatorOutput(freshByBranch, operator));
        }
    }

    /** The lines of every branch of {@code operator} (its main output and its side outputs). */
    private static List<String> operatorOutput(Map<String, List<String>> byBranch, String op) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byBranch.entrySet()) {
            if (UpgradeJob.operatorOf(e.getKey()).equals(op)) {
                lines.addAll(e.getValue());
            }
        }
        return lines;
    }

    /** Runs {@link WriterMain} on Flink 1.20 in a new JVM. */
    private static void runWriter(String backend, Path savepoints, Path out) throws Exception {
        String classpath =
                System.getProperty("streamkit.writer.classes")
                        + File.pathSeparator
                        + new String(
                                        Files.readAllBytes(
                                                Path.of(
                                                        System.getProperty(
                                                                "streamkit.writer.classpath"))),
                                        StandardCharsets.UTF_8)
                                .trim();
        assertThat(classpath).as("the writer runs on Flink 1.20").contains("flink-core-1.20.");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        for (String opt : System.getProperty("streamkit.writer.jvmArgs", "").split(" ")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(WriterMain.class.getName());
        cmd.add(backend);
        cmd.add(savepoints.toUri().toString());
        cmd.add(out.toString());
        Path log = out.resolveSibling("writer.log");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done && p.exitValue() == 0)
                .as("Flink 1.20 writer ended with 0; its log:%n%s", tail(log))
                .isTrue();
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
