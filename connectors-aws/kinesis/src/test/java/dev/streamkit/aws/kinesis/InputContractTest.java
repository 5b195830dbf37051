package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamkit.aws.kinesis.internal.JsonRecordDeserializer;
import dev.streamkit.aws.testing.Order;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** Declared requirements and Jackson strictness: every violation is a dead letter, none throws. */
class InputContractTest {

    private static final String VALID =
            "{\"orderId\":\"o1\",\"customerId\":\"c1\",\"amount\":2.5,\"eventTime\":1000}";

    private static JsonRecordDeserializer<Order> decoder(KinesisJsonSource.Builder<Order> b) {
        return new JsonRecordDeserializer<>(
                Order.class, TypeInformation.of(Order.class), b.decodingOptions());
    }

    private static KinesisJsonSource.Builder<Order> orders() {
        return KinesisSources.json(Order.class)
                .require("orderId", o -> o.getOrderId() != null)
                .require("customerId not empty", o -> !o.getCustomerId().isEmpty());
    }

    private static Either<KinesisDeadLetter, Order> decode(
            JsonRecordDeserializer<Order> d, byte[] bytes) {
        return d.decode(bytes, "stream", "shard-0", "42", "pk", 5L);
    }

    private static Either<KinesisDeadLetter, Order> decode(
            JsonRecordDeserializer<Order> d, String json) {
        return decode(d, json.getBytes(StandardCharsets.UTF_8));
    }

    private static KinesisDeadLetter dead(Either<KinesisDeadLetter, Order> r) {
        assertThat(r.isLeft()).as("expected a dead letter, got %s", r).isTrue();
        return r.left();
    }

    @Test
    void recordsMeetingEveryRequirementDecode() {
        Either<KinesisDeadLetter, Order> r = decode(decoder(orders()), VALID);
        assertThat(r.isRight()).isTrue();
        assertThat(r.right()).isEqualTo(new Order("o1", "c1", 2.5, 1000));
    }

    @Test
    void aMissingRequiredFieldIsADeadLetterNamingTheRequirement() {
        KinesisDeadLetter d =
                dead(decode(decoder(orders()), "{\"customerId\":\"c1\",\"eventTime\":1000}"));
        assertThat(d.getErrorType()).isEqualTo("REQUIREMENT");
        assertThat(d.getReason()).isEqualTo("requirement 'orderId' not met");
        assertThat(d.getStream()).isEqualTo("stream");
        assertThat(d.getShardId()).isEqualTo("shard-0");
        assertThat(d.getSequenceNumber()).isEqualTo("42");
        assertThat(new String(d.getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"customerId\":\"c1\",\"eventTime\":1000}");
    }

    @Test
    void aThrowingPredicateIsAViolationWithTheExceptionInTheReason() {
        // customerId is null: the second predicate throws a NullPointerException
        KinesisDeadLetter d = dead(decode(decoder(orders()), "{\"orderId\":\"o1\"}"));
        assertThat(d.getErrorType()).isEqualTo("REQUIREMENT");
        assertThat(d.getReason())
                .startsWith(
                        "requirement 'customerId not empty' threw"
                                + " java.lang.NullPointerException");
    }

    @Test
    void theFirstRequirementNotMetIsReported() {
        KinesisDeadLetter d = dead(decode(decoder(orders()), "{\"amount\":1}"));
        assertThat(d.getReason()).isEqualTo("requirement 'orderId' not met");
    }

    @Test
    void nullForAPrimitiveIsRejectedByDefaultAndAcceptedOnRequest() {
        String json = "{\"orderId\":\"o1\",\"customerId\":\"c\",\"amount\":null}";
        KinesisDeadLetter d = dead(decode(decoder(KinesisSources.json(Order.class)), json));
        assertThat(d.getErrorType()).isEqualTo("MismatchedInputException");
        assertThat(d.getReason()).contains("Cannot map `null` into type `double`");
        Either<KinesisDeadLetter, Order> lenient =
                decode(
                        decoder(KinesisSources.json(Order.class).failOnNullForPrimitives(false)),
                        json);
        assertThat(lenient.isRight()).isTrue();
        assertThat(lenient.right().getAmount()).isEqualTo(0.0);
    }

    @Test
    void nanAndInfinityAreRejectedByDefaultHoweverWritten() {
        JsonRecordDeserializer<Order> d = decoder(KinesisSources.json(Order.class));
        for (String amount : new String[] {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e400"}) {
            KinesisDeadLetter dl =
                    dead(decode(d, "{\"orderId\":\"o1\",\"amount\":" + amount + "}"));
            assertThat(dl.getErrorType()).as(amount).isEqualTo("NON_FINITE_NUMBER");
            assertThat(dl.getReason()).as(amount).contains("property 'amount'");
        }
        // bare NaN is not JSON at all
        assertThat(dead(decode(d, "{\"orderId\":\"o1\",\"amount\":NaN}")).getErrorType())
                .isEqualTo("JsonParseException");
        // extreme but finite numbers are fine
        assertThat(decode(d, "{\"orderId\":\"o1\",\"amount\":1.7e308}").isRight()).isTrue();
    }

    @Test
    void nanAndInfinityDecodeWhenAccepted() {
        JsonRecordDeserializer<Order> d =
                decoder(KinesisSources.json(Order.class).nonFiniteNumbers(NonFiniteNumbers.ACCEPT));
        assertThat(decode(d, "{\"orderId\":\"o1\",\"amount\":NaN}").right().getAmount()).isNaN();
        assertThat(decode(d, "{\"orderId\":\"o1\",\"amount\":\"-Infinity\"}").right().getAmount())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void invalidUtf8IsADeadLetterEvenInAnIgnoredProperty() throws Exception {
        JsonRecordDeserializer<Order> d = decoder(KinesisSources.json(Order.class));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("{\"orderId\":\"o1\",\"ignored\":\"".getBytes(StandardCharsets.UTF_8));
        b.write(0xC3); // a lead byte without its continuation
        b.write("\"}".getBytes(StandardCharsets.UTF_8));
        KinesisDeadLetter dl = dead(decode(d, b.toByteArray()));
        assertThat(dl.getErrorType()).isEqualTo("INVALID_UTF8");
        assertThat(dl.getReason()).isEqualTo("invalid UTF-8 at byte offset 27 (byte 0xC3)");
        // an encoded surrogate (CESU-8) and an overlong '/' are not UTF-8 either
        for (byte[] bad :
                new byte[][] {
                    {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                    {'"', (byte) 0xC0, (byte) 0xAF, '"'}
                }) {
            assertThat(dead(decode(d, bad)).getErrorType()).isEqualTo("INVALID_UTF8");
        }
        // valid multi-byte text is fine
        assertThat(decode(d, "{\"orderId\":\"ö€😀\"}").right().getOrderId()).isEqualTo("ö€😀");
    }

    @Test
    void trailingTokensAreRejected() {
        KinesisDeadLetter dl =
                dead(decode(decoder(KinesisSources.json(Order.class)), VALID + " {}"));
        assertThat(dl.getErrorType()).isEqualTo("MismatchedInputException");
        assertThat(dl.getReason()).contains("Trailing token");
    }

    /** A type decoded through its creator. */
    public static final class Reading {
        final String sensor;
        final double value;

        @JsonCreator
        public Reading(@JsonProperty("sensor") String sensor, @JsonProperty("value") double value) {
            this.sensor = sensor;
            this.value = value;
        }
    }

    @Test
    void missingCreatorPropertiesAreRejectedByDefault() {
        JsonRecordDeserializer<Reading> strict =
                new JsonRecordDeserializer<>(
                        Reading.class,
                        TypeInformation.of(Reading.class),
                        KinesisSources.json(Reading.class).decodingOptions());
        Either<KinesisDeadLetter, Reading> r =
                strict.decode(
                        "{\"sensor\":\"s\"}".getBytes(StandardCharsets.UTF_8),
                        "s",
                        "sh",
                        "1",
                        "k",
                        0);
        assertThat(r.isLeft()).isTrue();
        assertThat(r.left().getReason()).contains("Missing creator property 'value'");
        JsonRecordDeserializer<Reading> lenient =
                new JsonRecordDeserializer<>(
                        Reading.class,
                        TypeInformation.of(Reading.class),
                        KinesisSources.json(Reading.class)
                                .failOnMissingCreatorProperties(false)
                                .failOnNullForPrimitives(false)
                                .decodingOptions());
        Either<KinesisDeadLetter, Reading> l =
                lenient.decode(
                        "{\"sensor\":\"s\"}".getBytes(StandardCharsets.UTF_8),
                        "s",
                        "sh",
                        "1",
                        "k",
                        0);
        assertThat(l.isRight()).isTrue();
        assertThat(l.right().value).isEqualTo(0.0);
    }

    @Test
    void requireIsValidatedWhenDeclaredNamingTheParameter() {
        assertThatThrownBy(() -> KinesisSources.json(Order.class).require(" ", o -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("require: name must be a non-blank");
        assertThatThrownBy(() -> KinesisSources.json(Order.class).require("id", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("require('id'): predicate must not be null");
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .require("id", o -> true)
                                        .require("id", o -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("require('id'): a requirement with this name");
        Object notSerializable = new Object();
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .require("captures", o -> notSerializable != o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("require('captures'): predicate is not serializable");
        assertThatThrownBy(() -> KinesisSources.json(Order.class).nonFiniteNumbers(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamArn");
    }
}
