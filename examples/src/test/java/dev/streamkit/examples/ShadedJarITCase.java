package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deployable JARs, as built by {@code ./mvnw package}: what MSF will load. Flink's runtime is
 * not inside (MSF provides it), the connectors and Streamkit are, the entry point is set, nothing
 * needs more than Java 11, and nothing (signatures, a logging backend) breaks on a cluster.
 */
class ShadedJarITCase {
    private static final int JAVA_11 = 55;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "fraud, dev.streamkit.examples.fraud.FraudDetectionJob",
        "sessionization, dev.streamkit.examples.sessionization.SessionizationJob",
        "iot, dev.streamkit.examples.iot.IotTelemetryJob"
    })
    void deployableJarHasTheJobAndItsConnectorsButNotFlink(String job, String mainClass)
            throws IOException {
        Path jar =
                Paths.get(
                        "target",
                        "streamkit-examples-"
                                + System.getProperty("project.version")
                                + "-"
                                + job
                                + ".jar");
        assertThat(jar).exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(mainClass);
            assertThat(file.getEntry(mainClass.replace('.', '/') + ".class")).isNotNull();

            List<String> names = new ArrayList<>();
            List<String> tooNew = new ArrayList<>();
            int ours = 0;
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                names.add(name);
                if (name.endsWith(".class") && !name.startsWith("META-INF/versions/")) {
                    int major = majorVersion(file, entry);
                    if (major > JAVA_11) {
                        tooNew.add(name + " (" + major + ")");
                    }
                    if (name.startsWith("dev/streamkit/")) {
                        ours++;
                        assertThat(major).as(name).isEqualTo(JAVA_11);
                    }
                }
            }
            assertThat(ours).isGreaterThan(100);
            assertThat(tooNew).as("classes newer than Java 11").isEmpty();

            // Streamkit, flink-cep (in no Flink distribution) and the connectors are inside ...
            assertThat(names)
                    .contains(
                            "dev/streamkit/windows/Windows.class",
                            "dev/streamkit/state/Deduplicate.class",
                            "dev/streamkit/cep/FraudPatterns.class",
                            "dev/streamkit/aws/kinesis/KinesisSources.class",
                            "org/apache/flink/cep/nfa/NFA.class",
                            "org/apache/flink/connector/kinesis/source/KinesisStreamsSource.class",
                            "org/apache/flink/connector/kinesis/sink/KinesisStreamsSink.class",
                            "org/apache/flink/connector/dynamodb/sink/DynamoDbSink.class",
                            "org/apache/flink/connector/opensearch/sink/Opensearch2Sink.class",
                            "org/apache/flink/connector/datagen/source/DataGeneratorSource.class");
            // ... Flink's runtime, a logging backend, signatures and Java 12+ classes are not.
            assertThat(names)
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/api/common/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/contrib/streaming/state/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"))
                    .noneMatch(n -> n.startsWith("org/slf4j/"))
                    .noneMatch(n -> n.startsWith("ch/qos/logback/"))
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
                    .noneMatch(n -> n.matches("META-INF/versions/(1[2-9]|[2-9][0-9])/.*"));
        }
        assertThat(Files.size(jar)).as("jar size").isLessThan(150L << 20);
    }

    private static int majorVersion(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry);
                DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != 0xCAFEBABE) {
                return -1;
            }
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
