package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.cep.BruteForceConfig;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * What another team's build sees after importing streamkit-bom and declaring the modules without
 * versions: one job that uses every module, on the Flink version the BOM manages.
 */
class BomConsumerTest {

    /** The consumer's own event type. */
    public static class Login {
        public String id;
        public String user;
        public long time;
        public boolean ok;

        public Login() {}
    }

    /** How the fraud patterns read a {@link Login} (a static class: adapters are serialized). */
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

    private static String json(String id, String user, long time, boolean ok) {
        return "{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"time\":" + time + ",\"ok\":"
                + ok + "}";
    }

    @Test
    void everyModuleWorksTogetherInOneJob() throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, config);

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(json("f" + i, "mallory", 1_000 + i * 1_000L, false));
        }
        lines.add(json("f0", "mallory", 1_000, false)); // a duplicate
        lines.add("{not json"); // a dead letter
        lines.add(json("s1", "alice", 2_000, true));

        // connectors-aws: JSON decoding with dead letters
        DataStream<byte[]> raw =
                env.fromData(lines)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DecodedStream<Login> decoded =
                KinesisSources.json(Login.class)
                        .eventTime(l -> l.time, Duration.ofSeconds(1))
                        .decode(raw, "logins");
        // core-state: exact deduplication
        DataStream<Login> unique =
                Deduplicate.exact((Login l) -> l.id, Types.STRING)
                        .expireAfter(Duration.ofMinutes(10))
                        .build()
                        .apply(decoded.records());
        // core-windows: a count per user and minute
        DataStream<String> counts =
                Windows.tumbling(Duration.ofMinutes(1))
                        .aggregate(Aggregations.forType(Login.class).count())
                        .build()
                        .apply(unique.keyBy(l -> l.user))
                        .map((WindowResult<String, Long> w) -> "count " + w.key + " " + w.result);
        // core-cep: brute force on the consumer's own type
        EventAdapter<Login> adapter = new LoginAdapter();
        FraudPattern<Login> bruteForce =
                FraudPatterns.bruteForce(
                        BruteForceConfig.builder().failures(5).window(Duration.ofMinutes(1)).build(),
                        adapter,
                        TypeInformation.of(Login.class));
        DataStream<String> alerts =
                bruteForce.apply(unique).map(a -> "alert " + a.patternId() + " " + a.key());

        List<String> out = new ArrayList<>();
        counts.union(alerts, decoded.deadLetters().map(d -> "dead"))
                .executeAndCollect()
                .forEachRemaining(out::add);
        Collections.sort(out);
        assertEquals(
                List.of("alert brute-force-login mallory", "count alice 1", "count mallory 5", "dead"),
                out);
        assertTrue(org.apache.flink.runtime.util.EnvironmentInformation.getVersion().startsWith("1.20"));
    }
}
