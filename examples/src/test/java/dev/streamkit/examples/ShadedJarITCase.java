package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployable JARs, one per job, as built by {@code ./mvnw package}: what MSF will load. Flink's
 * runtime is not inside (MSF provides it); Streamkit and the connectors the job uses are, the other
 * services' are not; native libraries are for Linux x86_64/arm64 only; the entry point is set,
 * nothing needs more than Java 11, nothing (signatures, a logging backend) breaks on a cluster, and
 * every Streamkit class links against a Flink distribution plus the JAR alone.
 */
class ShadedJarITCase {
    private static final int JAVA_11 = 55;

    /** What every job's JAR carries: Streamkit, the Kinesis connector and the generators. */
    private static final List<String> EVERY_JOB =
            List.of(
                    "dev/streamkit/windows/Windows.class",
                    "dev/streamkit/state/Deduplicate.class",
                    "dev/streamkit/aws/kinesis/KinesisSources.class",
                    "org/apache/flink/connector/kinesis/source/KinesisStreamsSource.class",
                    "org/apache/flink/connector/kinesis/sink/KinesisStreamsSink.class",
                    "org/apache/flink/connector/datagen/source/DataGeneratorSource.class");

    private static final List<String> CEP = List.of("dev/streamkit/cep/", "org/apache/flink/cep/");
    private static final List<String> DYNAMODB =
            List.of(
                    "dev/streamkit/aws/dynamodb/",
                    "org/apache/flink/connector/dynamodb/",
                    "software/amazon/awssdk/services/dynamodb/");
    private static final List<String> OPENSEARCH =
            List.of(
                    "dev/streamkit/aws/opensearch/",
                    "org/apache/flink/connector/opensearch/",
                    "org/opensearch/",
                    "org/apache/lucene/");

    static Stream<Arguments> jobs() {
        return Stream.of(
                Arguments.of(
                        "fraud",
                        "dev.streamkit.examples.fraud.FraudDetectionJob",
                        List.of(
                                "dev/streamkit/cep/FraudPatterns.class",
                                "org/apache/flink/cep/nfa/NFA.class",
                                "org/apache/flink/connector/dynamodb/sink/DynamoDbSink.class"),
                        concat(
                                OPENSEARCH,
                                List.of(
                                        "dev/streamkit/examples/sessionization/",
                                        "dev/streamkit/examples/iot/"))),
                Arguments.of(
                        "sessionization",
                        "dev.streamkit.examples.sessionization.SessionizationJob",
                        List.of(
                                "dev/streamkit/aws/opensearch/OpenSearchSinks.class",
                                "org/apache/flink/connector/opensearch/sink/Opensearch2Sink.class"),
                        concat(
                                concat(CEP, DYNAMODB),
                                List.of(
                                        "io/netty/",
                                        "dev/streamkit/examples/fraud/",
                                        "dev/streamkit/examples/iot/"))),
                Arguments.of(
                        "iot",
                        "dev.streamkit.examples.iot.IotTelemetryJob",
                        List.of(
                                "org/apache/flink/connector/dynamodb/sink/DynamoDbSink.class",
                                "org/apache/flink/connector/opensearch/sink/Opensearch2Sink.class"),
                        concat(
                                CEP,
                                List.of(
                                        "dev/streamkit/examples/fraud/",
                                        "dev/streamkit/examples/sessionization/"))));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void deployableJarHasTheJobAndWhatItUsesButNotFlinkNorOtherServices(
            String job, String mainClass, List<String> jobUses, List<String> jobDoesNotUse)
            throws Exception {
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

            // Streamkit, flink-cep (in no Flink distribution) and the connectors the job uses are
            // inside, the other services' connectors and SDKs are not ...
            assertThat(names).containsAll(EVERY_JOB).containsAll(jobUses);
            for (String prefix : jobDoesNotUse) {
                assertThat(names)
                        .as("what %s does not use", job)
                        .noneMatch(n -> n.startsWith(prefix));
            }
            // ... native libraries only for what MSF runs (Linux x86_64 and arm64) ...
            assertThat(names)
                    .filteredOn(n -> n.matches(".*\\.(so|a|dll|dylib|jnilib)"))
                    .allMatch(
                            n -> n.matches("(.*/)?linux[-/](amd64|x86-64|aarch64)/[^/]+"),
                            "Linux x86_64/arm64 natives only");
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
        everyStreamkitClassLinksOnAFlinkDistribution(jar, mainClass, job);
    }

    /**
     * Loads the JAR on a Flink distribution's classpath (nothing else, like MSF): the main class
     * initializes, and every Streamkit library class and every class of the job resolves the types
     * of its fields and methods, so nothing the job needs was left out of its JAR.
     */
    private static void everyStreamkitClassLinksOnAFlinkDistribution(
            Path jar, String mainClass, String job) throws Exception {
        List<URL> urls = new ArrayList<>();
        String distribution =
                new String(
                                Files.readAllBytes(
                                        Paths.get(
                                                System.getProperty(
                                                        "streamkit.test.flink.distribution.classpath"))),
                                StandardCharsets.UTF_8)
                        .trim();
        for (String entry : distribution.split(File.pathSeparator)) {
            urls.add(Paths.get(entry).toUri().toURL());
        }
        List<String> checked = new ArrayList<>();
        try (URLClassLoader flink =
                        new URLClassLoader(
                                urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
                URLClassLoader user = new URLClassLoader(new URL[] {jar.toUri().toURL()}, flink);
                JarFile file = new JarFile(jar.toFile())) {
            Class.forName(mainClass, true, user);
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                boolean library =
                        name.startsWith("dev/streamkit/")
                                && !name.startsWith("dev/streamkit/examples/");
                boolean jobClass = name.startsWith("dev/streamkit/examples/" + job + "/");
                if (name.endsWith(".class") && (library || jobClass)) {
                    String className = name.substring(0, name.length() - 6).replace('/', '.');
                    Class<?> c = Class.forName(className, false, user);
                    c.getDeclaredMethods();
                    c.getDeclaredFields();
                    c.getDeclaredConstructors();
                    checked.add(className);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(100);
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
