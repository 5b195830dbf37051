package dev.streamkit.examples.common;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.examples.local.ConsoleSink;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where example jobs write, from the property group {@value #GROUP}: the AWS services of the job,
 * or the console (local runs). Dead letters go to a Kinesis stream when {@code dlq.stream.arn} is
 * set; they are always counted ({@code numDeadLetters}).
 */
public final class JobOutput {
    public static final String GROUP = "Output";

    /** Where results go. */
    public enum Sink {
        AWS,
        CONSOLE
    }

    public static final PropertySpec<Sink> SINK = PropertySpec.enumValue(GROUP, "sink", Sink.class);
    public static final PropertySpec<String> DLQ_STREAM_ARN =
            PropertySpec.string(GROUP, "dlq.stream.arn").withDefault("");

    private JobOutput() {}

    public static List<PropertySpec<?>> properties() {
        return List.of(SINK, DLQ_STREAM_ARN);
    }

    public static boolean console(ApplicationProperties props) {
        return props.get(SINK) == Sink.CONSOLE;
    }

    /** Routes dead letters: console, a Kinesis dead-letter stream, or counted only. */
    public static void deadLetters(
            DataStream<KinesisDeadLetter> deadLetters, ApplicationProperties props, String name) {
        if (console(props)) {
            deadLetters
                    .map(d -> d.getErrorType() + ": " + d.getReason())
                    .name(name + "-describe")
                    .uid(name + "-describe")
                    .sinkTo(new ConsoleSink<>("dead-letter"))
                    .name(name)
                    .uid(name);
        } else if (!props.get(DLQ_STREAM_ARN).isEmpty()) {
            deadLetters
                    .sinkTo(
                            KinesisSinks.deadLetters()
                                    .streamArn(props.get(DLQ_STREAM_ARN))
                                    .connection(
                                            JobInput.connection(props, JobInput.KINESIS_ENDPOINT))
                                    .build())
                    .name(name)
                    .uid(name);
        }
    }
}
