package com.example.state;

import dev.streamkit.state.AlertSuppression;
import dev.streamkit.state.ChangeDetector;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.IdHasher;
import dev.streamkit.state.LastN;
import dev.streamkit.state.LatestValue;
import dev.streamkit.state.RateLimiter;
import dev.streamkit.state.StateTtl;
import dev.streamkit.state.SuppressionSummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * Every Java fragment of core-state/README.md (after the complete example, {@link AlertPipeline}),
 * verbatim, with the record types it assumes; the variables a block uses but does not declare are
 * parameters. ReadmeSnippetsCoverageTest (examples module) checks the README's blocks are here;
 * {@code StateReadmeSnippetsTest} runs the main ones.
 */
@SuppressWarnings("unused")
public final class ReadmeSnippets {
    private ReadmeSnippets() {}

    /** An order. */
    public static class Order {
        private String orderId;
        private long createdAt;

        public Order() {}

        public Order(String orderId, long createdAt) {
            this.orderId = orderId;
            this.createdAt = createdAt;
        }

        public String getOrderId() {
            return orderId;
        }

        public void setOrderId(String orderId) {
            this.orderId = orderId;
        }

        public long getCreatedAt() {
            return createdAt;
        }

        public void setCreatedAt(long createdAt) {
            this.createdAt = createdAt;
        }

        @Override
        public String toString() {
            return orderId + "@" + createdAt;
        }
    }

    /** A click. */
    public static class Click {
        private String clickId;

        public Click() {}

        public Click(String clickId) {
            this.clickId = clickId;
        }

        public String getClickId() {
            return clickId;
        }

        public void setClickId(String clickId) {
            this.clickId = clickId;
        }
    }

    /** A temperature reading. */
    public static class Reading {
        private String deviceId;
        private double celsius;

        public Reading() {}

        public Reading(String deviceId, double celsius) {
            this.deviceId = deviceId;
            this.celsius = celsius;
        }

        public String getDeviceId() {
            return deviceId;
        }

        public void setDeviceId(String deviceId) {
            this.deviceId = deviceId;
        }

        public double getCelsius() {
            return celsius;
        }

        public void setCelsius(double celsius) {
            this.celsius = celsius;
        }

        @Override
        public String toString() {
            return deviceId + "=" + celsius;
        }
    }

    /** A notification to a user. */
    public static class Notification {
        private String userId;

        public Notification() {}

        public Notification(String userId) {
            this.userId = userId;
        }

        public String getUserId() {
            return userId;
        }

        public void setUserId(String userId) {
            this.userId = userId;
        }

        @Override
        public String toString() {
            return "to " + userId;
        }
    }

    /** A card transaction. */
    public static class Txn {
        private String cardId;
        private long amount;

        public Txn() {}

        public Txn(String cardId, long amount) {
            this.cardId = cardId;
            this.amount = amount;
        }

        public String getCardId() {
            return cardId;
        }

        public void setCardId(String cardId) {
            this.cardId = cardId;
        }

        public long getAmount() {
            return amount;
        }

        public void setAmount(long amount) {
            this.amount = amount;
        }

        @Override
        public String toString() {
            return cardId + ":" + amount;
        }
    }

    /** An alert. */
    public static class Alert {
        private String rule;

        public Alert() {}

        public Alert(String rule) {
            this.rule = rule;
        }

        public String getRule() {
            return rule;
        }

        public void setRule(String rule) {
            this.rule = rule;
        }

        @Override
        public String toString() {
            return "alert " + rule;
        }
    }

    /** A session. */
    public static class Session {
        public long start;
    }

    /** "Exact deduplication": the unique orders and the duplicates. */
    public static List<DataStream<Order>> exact(
            DataStream<Order> orders, TypeInformation<Order> orderType) {
        OutputTag<Order> duplicates = new OutputTag<>("duplicate-orders", orderType);

        SingleOutputStreamOperator<Order> unique =
                Deduplicate.exact(Order::getOrderId, Types.STRING) // the id and its type (no Kryo)
                        .expireAfter(Duration.ofHours(1)) // forgotten 1 h after last seen
                        .duplicatesTo(duplicates) // optional: by default counted and dropped
                        .uid("dedup-orders") // stable uid for savepoints
                        .build()
                        .apply(orders); // orders carry event-time timestamps
        DataStream<Order> duplicateOrders = unique.getSideOutput(duplicates);
        return List.of(unique, duplicateOrders);
    }

    /** "Approximate deduplication". */
    public static DataStream<Click> approximate(DataStream<Click> clicks) {
        DataStream<Click> uniqueClicks =
                Deduplicate.approximate(IdHasher.ofString(Click::getClickId))
                        .expireAfter(Duration.ofHours(6))
                        .maxOutOfOrderness(Duration.ofMinutes(1)) // event-time disorder tolerated
                        .expectedIdsPerHorizon(500_000_000L) // distinct ids in any 6 h window
                        .falsePositiveRate(0.001)
                        .uid("dedup-clicks")
                        .build()
                        .apply(clicks);
        return uniqueClicks;
    }

    /** "Keyed-state functions": every output by name. */
    public static Map<String, DataStream<?>> functions(
            DataStream<Alert> rawAlerts,
            DataStream<Reading> readings,
            DataStream<Notification> notifications,
            DataStream<Txn> txns,
            TypeInformation<Alert> alertType,
            TypeInformation<Reading> readingType,
            TypeInformation<Notification> notificationType,
            TypeInformation<Txn> txnType) {
        // 1. Alert suppression: first alert per rule, then one summary of what was suppressed
        OutputTag<SuppressionSummary<String>> suppressedTag =
                new OutputTag<>("suppressed", SuppressionSummary.typeInfo(Types.STRING));
        SingleOutputStreamOperator<Alert> alerts =
                AlertSuppression.builder(Duration.ofMinutes(10), Types.STRING, alertType)
                        .summariesTo(suppressedTag)
                        .build()
                        .apply(rawAlerts.keyBy(Alert::getRule));
        DataStream<SuppressionSummary<String>> summaries = alerts.getSideOutput(suppressedTag);

        // 2. Latest value per device, and a notification when a device goes silent
        OutputTag<Reading> silentTag = new OutputTag<>("silent-devices", readingType);
        SingleOutputStreamOperator<Reading> updates =
                LatestValue.<String, Reading>builder(Duration.ofMinutes(5), readingType)
                        .expiredTo(silentTag)
                        .build()
                        .apply(readings.keyBy(Reading::getDeviceId));
        DataStream<Reading> silent = updates.getSideOutput(silentTag);

        // 3. Change detection with a tolerance (ChangeDetector.of(...): any value, by equals)
        DataStream<Reading> changed =
                ChangeDetector.<String, Reading>numeric(
                                readingType, Reading::getCelsius, 0.5, Duration.ofHours(1))
                        .build()
                        .apply(readings.keyBy(Reading::getDeviceId));

        // 4. Per-key rate limiting
        OutputTag<Notification> throttledTag = new OutputTag<>("throttled", notificationType);
        SingleOutputStreamOperator<Notification> sent =
                RateLimiter.<String, Notification>builder(
                                3, Duration.ofMinutes(1), notificationType)
                        .throttledTo(throttledTag)
                        .build()
                        .apply(notifications.keyBy(Notification::getUserId));

        // 5. Last N events per key, younger than an expiry
        DataStream<List<Txn>> lastFive =
                LastN.<String, Txn>builder(5, Duration.ofHours(1), txnType)
                        .build()
                        .apply(txns.keyBy(Txn::getCardId));
        Map<String, DataStream<?>> out = new LinkedHashMap<>();
        out.put("alerts", alerts);
        out.put("summaries", summaries);
        out.put("updates", updates);
        out.put("silent", silent);
        out.put("changed", changed);
        out.put("sent", sent);
        out.put("throttled", sent.getSideOutput(throttledTag));
        out.put("lastFive", lastFive);
        return out;
    }

    /** "Bad input". */
    public static void badInput(
            TypeInformation<Order> orderType,
            TypeInformation<Reading> readingType,
            DataStream<Order> rawOrders,
            WatermarkStrategy<Order> watermarks,
            Sink<Order> deadLetters,
            DataStream<Click> clicks,
            OutputTag<Click> clicksWithoutId,
            OutputTag<Reading> unreadable) {
        OutputTag<Order> noId = new OutputTag<>("orders-without-id", orderType);
        OutputTag<Order> duplicateTag = new OutputTag<>("duplicate-orders", orderType);

        SingleOutputStreamOperator<Order> uniqueOrders =
                Deduplicate.exact(Order::getOrderId, Types.STRING) // may return null: fine
                        .expireAfter(Duration.ofHours(1))
                        .duplicatesTo(duplicateTag)
                        .invalidRecordsTo(noId)
                        .uid("dedup-orders")
                        .build()
                        .apply(
                                rawOrders.assignTimestampsAndWatermarks(
                                        watermarks)); // event time needs this

        uniqueOrders.getSideOutput(noId).sinkTo(deadLetters); // numInvalidRecords counts them too

        // the same for the approximate variant and for ChangeDetector
        Deduplicate.approximate(
                        IdHasher.ofString(Click::getClickId)) // a null id makes it throw: invalid
                .expireAfter(Duration.ofHours(6))
                .expectedIdsPerHorizon(1_000_000L)
                .invalidRecordsTo(clicksWithoutId)
                .build()
                .apply(clicks);
        ChangeDetector.<String, Reading>numeric(
                        readingType, Reading::getCelsius, 0.5, Duration.ofHours(1))
                .invalidRecordsTo(unreadable) // NaN, or a getter that throws
                .build();
    }

    /** "TTL helper". */
    public static ValueStateDescriptor<Session> ttl(
            StreamExecutionEnvironment env, TypeInformation<Session> sessionType) {
        ValueStateDescriptor<Session> descriptor =
                new ValueStateDescriptor<>("session", sessionType);
        descriptor.enableTimeToLive(StateTtl.forJob(Duration.ofHours(12), env.getConfiguration()));
        // or StateTtl.forBackend(ttl, StateTtl.Backend.ROCKSDB), or StateTtl.portable(ttl)
        return descriptor;
    }
}
