package dev.streamkit.examples.common;

import dev.streamkit.aws.kinesis.TimestampExtractor;
import dev.streamkit.common.internal.TimeMath;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks punctuated from the data: after every record the watermark is the highest event time
 * seen so far minus the bounded out-of-orderness (and 1 ms), emitted at once, never on a wall-clock
 * timer. On one ordered input (the generator's) the watermark that follows a record is therefore a
 * function of the records before it alone, whatever the speed of the machine.
 */
final class DataWatermarks<T> implements WatermarkStrategy<T> {
    private static final long serialVersionUID = 1L;

    private final TimestampExtractor<T> eventTime;
    private final long delayMillis;

    DataWatermarks(TimestampExtractor<T> eventTime, Duration maxOutOfOrderness) {
        this.eventTime = eventTime;
        // the watermark is "no more records at or before", hence the extra millisecond
        this.delayMillis = maxOutOfOrderness.toMillis() + 1;
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return (record, previous) -> eventTime.extractTimestamp(record);
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        return new WatermarkGenerator<T>() {
            private long emitted = Long.MIN_VALUE;

            @Override
            public void onEvent(T record, long timestamp, WatermarkOutput output) {
                long candidate = TimeMath.add(timestamp, -delayMillis);
                if (candidate > emitted) {
                    emitted = candidate;
                    output.emitWatermark(new Watermark(candidate));
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                // punctuated only: nothing depends on when a wall-clock timer fires
            }
        };
    }
}
