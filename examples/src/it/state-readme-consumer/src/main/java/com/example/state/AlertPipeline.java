package com.example.state;

import dev.streamkit.state.AlertSuppression;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.SuppressionSummary;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

public class AlertPipeline {
    /** An alert as producers send it: a POJO, so Flink serializes it without Kryo. */
    public static class Alert {
        public String id; // unique per alert; a retry resends the same id
        public String rule; // what fired
        public long time; // event time, epoch milliseconds

        public Alert() {}

        public Alert(String id, String rule, long time) {
            this.id = id;
            this.rule = rule;
            this.time = time;
        }

        @Override
        public String toString() {
            return id + "/" + rule + "@" + time;
        }
    }

    public static final TypeInformation<Alert> ALERT = TypeInformation.of(Alert.class);
    public static final OutputTag<Alert> RETRIES = new OutputTag<>("alert-retries", ALERT);
    public static final OutputTag<Alert> WITHOUT_ID = new OutputTag<>("alerts-without-id", ALERT);
    public static final OutputTag<SuppressionSummary<String>> SUPPRESSED =
            new OutputTag<>("suppressed-alerts", SuppressionSummary.typeInfo(Types.STRING));

    /** Retries removed: the first alert of every id within an hour. */
    public static SingleOutputStreamOperator<Alert> unique(DataStream<Alert> alerts) {
        return Deduplicate.exact((Alert a) -> a.id, Types.STRING)
                .expireAfter(Duration.ofHours(1))
                .duplicatesTo(RETRIES)
                .invalidRecordsTo(WITHOUT_ID) // the id is null: counted, routed, job goes on
                .uid("dedup-alerts")
                .build()
                .apply(alerts);
    }

    /** At most one alert per rule every 10 minutes; summaries on SUPPRESSED. */
    public static SingleOutputStreamOperator<Alert> suppressed(DataStream<Alert> unique) {
        return AlertSuppression.builder(Duration.ofMinutes(10), Types.STRING, ALERT)
                .summariesTo(SUPPRESSED)
                .uid("suppress-alerts")
                .build()
                .apply(unique.keyBy(a -> a.rule, Types.STRING));
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Alert> alerts =
                env.fromData(
                                ALERT,
                                new Alert("a1", "cpu", 0),
                                new Alert("a1", "cpu", 1_000), // retry
                                new Alert("a2", "cpu", 60_000), // suppressed
                                new Alert(null, "disk", 90_000), // no id
                                new Alert("a3", "disk", 120_000),
                                new Alert("a4", "cpu", 660_000)) // a new period
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Alert>forMonotonousTimestamps()
                                        .withTimestampAssigner((a, t) -> a.time));
        SingleOutputStreamOperator<Alert> unique = unique(alerts);
        SingleOutputStreamOperator<Alert> out = suppressed(unique);
        out.print("alert"); // a1, a3, a4
        unique.getSideOutput(RETRIES).print("retry"); // a1@1000
        unique.getSideOutput(WITHOUT_ID).print("without id"); // null/disk@90000
        out.getSideOutput(SUPPRESSED).print("suppressed"); // cpu: 1 in [0, 600000)
        env.execute("alerts");
    }
}
