package dev.streamkit.upgrade;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The Flink 1.20 half of the upgrade test, run in its own JVM with the 1.20 classpath (as MSF runs
 * the old application): {@code WriterMain <backend> <savepointDir> <outFile>} writes phase 1's
 * savepoint and its output to {@code outFile} (first line: the savepoint path).
 */
public final class WriterMain {
    private WriterMain() {}

    public static void main(String[] args) {
        int status = 1;
        try {
            String path = Runs.writePhase1(args[0], args[1]);
            List<String> lines = new ArrayList<>();
            lines.add(path);
            lines.addAll(UpgradeJob.OUTPUT);
            Files.write(Paths.get(args[2]), lines, StandardCharsets.UTF_8);
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            // MiniCluster and RocksDB threads would keep the JVM alive: end it explicitly
            System.exit(status);
        }
    }
}
