package dev.streamkit.aws.kinesis.internal;

import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.TimestampExtractor;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Either;

/**
 * Bounded-out-of-orderness watermarks per shard driven by decoded records only: a dead letter has
 * no trustworthy event time, so it never advances the watermark (it keeps the arrival time as its
 * record timestamp).
 */
@Internal
public final class DecodedWatermarkStrategy<T>
        implements WatermarkStrategy<Either<KinesisDeadLetter, T>> {

    private static final long serialVersionUID = 1L;

    private final TimestampExtractor<T> extractor;
    private final Duration maxOutOfOrderness;

    /** {@code extractor} null means: event time is the Kinesis arrival time. */
    public DecodedWatermarkStrategy(TimestampExtractor<T> extractor, Duration maxOutOfOrderness) {
        this.extractor = extractor;
        this.maxOutOfOrderness = maxOutOfOrderness;
    }

    @Override
    public TimestampAssigner<Either<KinesisDeadLetter, T>> createTimestampAssigner(
            TimestampAssignerSupplier.Context context) {
        return (element, recordTimestamp) ->
                element.isRight() && extractor != null
                        ? extractor.extractTimestamp(element.right())
                        : recordTimestamp;
    }

    @Override
    public WatermarkGenerator<Either<KinesisDeadLetter, T>> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        BoundedOutOfOrdernessWatermarks<Either<KinesisDeadLetter, T>> inner =
                new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
        return new WatermarkGenerator<Either<KinesisDeadLetter, T>>() {
            @Override
            public void onEvent(
                    Either<KinesisDeadLetter, T> event,
                    long eventTimestamp,
                    WatermarkOutput output) {
                if (event.isRight()) {
                    inner.onEvent(event, eventTimestamp, output);
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                inner.onPeriodicEmit(output);
            }
        };
    }
}
