package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamkit.cep.BruteForceConfig;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * What a Flink 2.2 team's build sees after importing streamkit-bom-flink2 and declaring the core
 * modules without versions: one job that uses all three, on the Flink 2.2 the BOM manages.
 */
class BomConsumerFlink2Test {

    /** The consumer's own event type. */
    public static class Login {
        public String id;
        public String user;
        public long time;
        public boolean ok;

        public Login() {}

        Login(String id, String user, long time, boolean ok) {
            this.id = id;
            this.user = user;
            this.time = time;
            this.ok = ok;
        }
    }

    /** How the fraud patterns read a {@link Login}. */
    static final class LoginAdapter implements EventAdapter<Login> {
        @Override
        public String key(Login l) {
            return l.user;
        }

        @Override
        public long eventTimeMillis(Login l) {
            return l.time;
        }

        @Override
        public EventKind kind(Login l) {
            return l.ok ? EventKind.LOGIN_SUCCESS : EventKind.LOGIN_FAILURE;
        }
    }

    @Test
    void everyCoreModuleWorksTogetherOnFlink22() throws Exception {
        assertTrue(EnvironmentInformation.getVersion().startsWith("2.2"),
                EnvironmentInformation.getVersion());
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, config);

        List<Login> logins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logins.add(new Login("f" + i, "mallory", 1_000 + i * 1_000L, false));
        }
        logins.add(new Login("f0", "mallory", 1_000, false)); // a duplicate
        logins.add(new Login("s1", "alice", 2_000, true));

        DataStream<Login> events =
                env.fromData(logins, TypeInformation.of(Login.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Login>forBoundedOutOfOrderness(
                                                Duration.ofSeconds(1))
                                        .withTimestampAssigner((l, t) -> l.time));
        // core-state: exact deduplication
        DataStream<Login> unique =
                Deduplicate.exact((Login l) -> l.id, Types.STRING)
                        .expireAfter(Duration.ofMinutes(10))
                        .build()
                        .apply(events);
        // core-windows: a count per user and minute
        DataStream<String> counts =
                Windows.tumbling(Duration.ofMinutes(1))
                        .aggregate(Aggregations.forType(Login.class).count())
                        .build()
                        .apply(unique.keyBy(l -> l.user))
                        .map((WindowResult<String, Long> w) -> "count " + w.key + " " + w.result);
        // core-cep: brute force on the consumer's own type
        FraudPattern<Login> bruteForce =
                FraudPatterns.bruteForce(
                        BruteForceConfig.builder().failures(5).window(Duration.ofMinutes(1)).build(),
                        new LoginAdapter(),
                        TypeInformation.of(Login.class));
        DataStream<String> alerts =
                bruteForce.apply(unique).map(a -> "alert " + a.patternId() + " " + a.key());

        List<String> out = new ArrayList<>();
        counts.union(alerts).executeAndCollect().forEachRemaining(out::add);
        Collections.sort(out);
        assertEquals(
                List.of("alert brute-force-login mallory", "count alice 1", "count mallory 5"),
                out);
    }
}
