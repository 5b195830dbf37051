package dev.streamkit.aws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationPropertiesTest {

    enum Mode {
        POLLING,
        EFO
    }

    static final PropertySpec<String> ARN = PropertySpec.string("InputStream0", "stream.arn");
    static final PropertySpec<String> REGION = PropertySpec.string("InputStream0", "aws.region");
    static final PropertySpec<Integer> PARALLELISM =
            PropertySpec.integer("App", "parallelism").check(p -> p > 0, "> 0");
    static final PropertySpec<Duration> IDLENESS =
            PropertySpec.duration("App", "idleness").withDefault(Duration.ofSeconds(30));
    static final PropertySpec<Boolean> ENABLED = PropertySpec.bool("App", "enabled");
    static final PropertySpec<Mode> MODE =
            PropertySpec.enumValue("App", "mode", Mode.class).withDefault(Mode.POLLING);
    static final PropertySpec<String> TABLE = PropertySpec.string("Output", "table");

    @TempDir Path dir;

    private Path file(String json) throws Exception {
        Path f = dir.resolve("props.json");
        Files.write(f, json.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static final String GOOD =
            "[{\"PropertyGroupId\":\"InputStream0\",\"PropertyMap\":{"
                    + "\"stream.arn\":\"arn:aws:kinesis:us-east-1:000000000000:stream/in\","
                    + "\"aws.region\":\"us-east-1\"}},"
                    + "{\"PropertyGroupId\":\"App\",\"PropertyMap\":{"
                    + "\"parallelism\":\"4\",\"enabled\":\"TRUE\",\"mode\":\"efo\","
                    + "\"idleness\":\"PT1M\"}},"
                    + "{\"PropertyGroupId\":\"Output\",\"PropertyMap\":{\"table\":\"orders\"}}]";

    @Test
    void bindsEveryTypeFromLocalFile() throws Exception {
        ApplicationProperties p =
                ApplicationProperties.loader()
                        .localFile(file(GOOD))
                        .load(ARN, REGION, PARALLELISM, IDLENESS, ENABLED, MODE, TABLE);
        assertThat(p.get(ARN)).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/in");
        assertThat(p.get(REGION)).isEqualTo("us-east-1");
        assertThat(p.get(PARALLELISM)).isEqualTo(4);
        assertThat(p.get(IDLENESS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.get(ENABLED)).isTrue();
        assertThat(p.get(MODE)).isEqualTo(Mode.EFO);
        assertThat(p.get(TABLE)).isEqualTo("orders");
        assertThat(p.group("InputStream0").getProperty("aws.region")).isEqualTo("us-east-1");
    }

    @Test
    void argumentsOverrideTheFileAndDefaultsFillGaps() throws Exception {
        String json =
                "[{\"PropertyGroupId\":\"App\",\"PropertyMap\":{\"parallelism\":\"4\","
                        + "\"enabled\":\"false\"}}]";
        ApplicationProperties p =
                ApplicationProperties.loader()
                        .localFile(file(json))
                        .args("--App.parallelism=8", "--Output.table", "t2", "--App.idleness=5 s")
                        .load(PARALLELISM, IDLENESS, ENABLED, MODE, TABLE);
        assertThat(p.get(PARALLELISM)).isEqualTo(8);
        assertThat(p.get(TABLE)).isEqualTo("t2");
        assertThat(p.get(IDLENESS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.get(ENABLED)).isFalse();
        assertThat(p.get(MODE)).isEqualTo(Mode.POLLING);
    }

    @Test
    void missingFileIsReportedEvenWhenArgumentsCoverEveryKey() {
        Path missing = dir.resolve("absent.json");
        assertThatThrownBy(
                        () ->
                                ApplicationProperties.loader()
                                        .useMsfRuntime(false)
                                        .localFile(missing)
                                        .args("--Output.table=x")
                                        .load(TABLE))
                .hasMessage(
                        "Invalid application properties (1 problem):\n"
                                + "  - application properties file '"
                                + missing
                                + "' does not exist");
    }

    @Test
    void missingFileIsReportedWithEveryMissingGroup() {
        Path missing = dir.resolve("absent.json");
        assertThatThrownBy(
                        () ->
                                ApplicationProperties.loader()
                                        .localFile(missing)
                                        .load(ARN, REGION, PARALLELISM, IDLENESS, TABLE))
                .isInstanceOf(ApplicationPropertiesException.class)
                .hasMessage(
                        "Invalid application properties (4 problems):\n"
                                + "  - application properties file '"
                                + missing
                                + "' does not exist\n"
                                + "  - property group 'InputStream0' is missing (required keys:"
                                + " stream.arn, aws.region)\n"
                                + "  - property group 'App' is missing (required keys:"
                                + " parallelism)\n"
                                + "  - property group 'Output' is missing (required keys: table)");
    }

    @Test
    void missingGroupKeyAndWrongTypesAreAllListedInOneMessage() throws Exception {
        String json =
                "[{\"PropertyGroupId\":\"InputStream0\",\"PropertyMap\":{"
                        + "\"aws.region\":\"us-east-1\"}},"
                        + "{\"PropertyGroupId\":\"App\",\"PropertyMap\":{"
                        + "\"parallelism\":\"four\",\"enabled\":\"yes\",\"mode\":\"fast\","
                        + "\"idleness\":\"soon\"}}]";
        assertThatThrownBy(
                        () ->
                                ApplicationProperties.loader()
                                        .localFile(file(json))
                                        .load(
                                                ARN,
                                                REGION,
                                                PARALLELISM,
                                                IDLENESS,
                                                ENABLED,
                                                MODE,
                                                TABLE))
                .isInstanceOf(ApplicationPropertiesException.class)
                .hasMessage(
                        "Invalid application properties (6 problems):\n"
                                + "  - property group 'Output' is missing (required keys: table)\n"
                                + "  - property 'InputStream0.stream.arn' is missing\n"
                                + "  - property 'App.parallelism' has value 'four' which is not a"
                                + " valid integer\n"
                                + "  - property 'App.idleness' has value 'soon' which is not a"
                                + " valid duration\n"
                                + "  - property 'App.enabled' has value 'yes' which is not a valid"
                                + " boolean\n"
                                + "  - property 'App.mode' has value 'fast' which is not a valid"
                                + " Mode (one of POLLING, EFO)");
    }

    @Test
    void failedCheckAndMalformedArgumentsAreReported() throws Exception {
        String json = "[{\"PropertyGroupId\":\"App\",\"PropertyMap\":{\"parallelism\":\"0\"}}]";
        ApplicationPropertiesException e =
                (ApplicationPropertiesException)
                        catchThrowable(
                                ApplicationProperties.loader()
                                        .localFile(file(json))
                                        .args("parallelism=3", "--App.enabled"),
                                PARALLELISM);
        assertThat(e.problems())
                .containsExactly(
                        "argument 'parallelism=3' is not of the form --<group>.<key>=<value>",
                        "argument '--App.enabled' has no value",
                        "property 'App.parallelism' has value '0' which is not > 0");
    }

    @Test
    void malformedJsonFileIsReported() throws Exception {
        Path f = file("[{\"PropertyGroupId\": \"App\", ");
        ApplicationPropertiesException e =
                (ApplicationPropertiesException)
                        catchThrowable(ApplicationProperties.loader().localFile(f), TABLE);
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0))
                .startsWith("application properties file '" + f + "' is not valid JSON: ");
        assertThat(e.problems().get(1))
                .isEqualTo("property group 'Output' is missing (required keys: table)");
    }

    @Test
    void wrongShapeOfFileIsReported() throws Exception {
        Path f = file("[{\"PropertyGroupId\":\"App\",\"PropertyMap\":{\"parallelism\":{}}},{}]");
        ApplicationPropertiesException e =
                (ApplicationPropertiesException)
                        catchThrowable(ApplicationProperties.loader().localFile(f), PARALLELISM);
        assertThat(e.problems())
                .containsExactly(
                        "application properties file '"
                                + f
                                + "': property 'App.parallelism' must be a string",
                        "application properties file '"
                                + f
                                + "': entry 1 needs a string \"PropertyGroupId\" and an object"
                                + " \"PropertyMap\"",
                        "property 'App.parallelism' is missing");
    }

    @Test
    void noSourceAtAllIsAProblem() {
        assertThatThrownBy(() -> ApplicationProperties.loader().load(TABLE))
                .hasMessage(
                        "Invalid application properties (2 problems):\n"
                                + "  - no application properties: not running on MSF, no local"
                                + " file is configured and no --<group>.<key>=<value> arguments\n"
                                + "  - property group 'Output' is missing (required keys: table)");
    }

    @Test
    void argumentsAloneAreASourceOnASelfManagedCluster() {
        ApplicationProperties p =
                ApplicationProperties.loader().args("--Output.table=risk").load(TABLE);
        assertThat(p.get(TABLE)).isEqualTo("risk");
        assertThatThrownBy(() -> ApplicationProperties.loader().args("--Other.x=1").load(TABLE))
                .hasMessage(
                        "Invalid application properties (1 problem):\n"
                                + "  - property group 'Output' is missing (required keys: table)");
    }

    @Test
    void undeclaredSpecAndDuplicateSpecAreRejected() throws Exception {
        ApplicationProperties p = ApplicationProperties.loader().localFile(file(GOOD)).load(TABLE);
        assertThatThrownBy(() -> p.get(ARN))
                .hasMessage(
                        "property 'InputStream0.stream.arn' was not declared when the properties"
                                + " were loaded");
        assertThatThrownBy(() -> ApplicationProperties.loader().load(TABLE, TABLE))
                .hasMessage("property 'Output.table' is declared twice");
        assertThatThrownBy(() -> PropertySpec.string("a.b", "k"))
                .hasMessage(
                        "group 'a.b' must not contain '.' (command-line overrides use"
                                + " <group>.<key>)");
    }

    @Test
    void boundPropertiesAreSerializable() throws Exception {
        ApplicationProperties p =
                ApplicationProperties.loader().localFile(file(GOOD)).load(IDLENESS, MODE, TABLE);
        ApplicationProperties copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(p), getClass().getClassLoader());
        assertThat(copy.get(IDLENESS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(copy.get(MODE)).isEqualTo(Mode.EFO);
        assertThat(copy.get(TABLE)).isEqualTo("orders");
    }

    private static Throwable catchThrowable(
            ApplicationPropertiesLoader loader, PropertySpec<?>... specs) {
        try {
            loader.load(specs);
        } catch (ApplicationPropertiesException e) {
            return e;
        }
        throw new AssertionError("expected an ApplicationPropertiesException");
    }
}
