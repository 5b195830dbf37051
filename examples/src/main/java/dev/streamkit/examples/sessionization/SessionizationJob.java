package dev.streamkit.examples.sessionization;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.examples.common.Input;
import dev.streamkit.examples.common.JobInput;
import dev.streamkit.examples.common.JobOutput;
import dev.streamkit.examples.local.ConsoleSink;
import dev.streamkit.examples.local.ExampleJob;
import dev.streamkit.examples.local.Jobs;
import dev.streamkit.examples.local.Scenario;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Sessionization: clickstream (Kinesis JSON) -> dead letters out -> dedup by event id -> session
 * windows per user (30 min gap, maximum length) -> session summaries (duration, clicks, conversion,
 * entry and exit page) to OpenSearch, one document per session with a stable id; late clicks to a
 * side output.
 *
 * <pre>
 * clicks --decode--> records --dedup(eventId)--> keyBy(user) --session(gap, maxLength)--> summaries --> OpenSearch
 *           \--> dead letters (DLQ stream)                        \--> late clicks (side output)
 * </pre>
 */
public final class SessionizationJob implements ExampleJob {
    static final String SESSIONS = "Sessions";

    static final PropertySpec<Duration> GAP =
            PropertySpec.duration(SESSIONS, "gap")
                    .withDefault(ClickstreamScenario.GAP)
                    .check(d -> d.toMillis() > 0, "> 0");
    static final PropertySpec<Duration> MAX_LENGTH =
            PropertySpec.duration(SESSIONS, "max.length")
                    .withDefault(Duration.ofHours(4))
                    .check(d -> d.toMillis() > 0, "> 0");
    static final PropertySpec<Duration> ALLOWED_LATENESS =
            PropertySpec.duration(SESSIONS, "allowed.lateness")
                    .withDefault(Duration.ofMinutes(1))
                    .check(d -> !d.isNegative(), ">= 0");
    static final PropertySpec<Duration> DEDUP_HORIZON =
            PropertySpec.duration(SESSIONS, "dedup.horizon")
                    .withDefault(Duration.ofHours(1))
                    .check(d -> d.toMillis() > 0, "> 0");
    public static final PropertySpec<Integer> GENERATOR_USERS =
            PropertySpec.integer(SESSIONS, "generator.users")
                    .withDefault(2_000)
                    .check(n -> n > 0, "> 0");

    public static void main(String[] args) throws Exception {
        Jobs.runDeployed(new SessionizationJob(), args);
    }

    @Override
    public String name() {
        return "sessionization";
    }

    @Override
    public List<PropertySpec<?>> properties() {
        return Jobs.properties(GAP, MAX_LENGTH, ALLOWED_LATENESS, DEDUP_HORIZON, GENERATOR_USERS);
    }

    @Override
    public void build(StreamExecutionEnvironment env, ApplicationProperties props) {
        Jobs.configure(env, props);
        Streams out = pipeline(env, props);
        JobOutput.deadLetters(out.deadLetters, props, "clicks-dead-letters");
        DataStream<SessionSummary> summaries = out.sessions;
        DataStream<LateEvent<ClickEvent>> late = out.late;
        if (JobOutput.console(props)) {
            summaries
                    .sinkTo(new ConsoleSink<>("session"))
                    .name("print-sessions")
                    .uid("print-sessions");
            late.sinkTo(new ConsoleSink<>("late")).name("print-late").uid("print-late");
        } else if (JobOutput.files(props)) {
            JobOutput.files(summaries, props, "sessions");
            JobOutput.late(late, props, "clicks-late", c -> c.userId);
        } else {
            JobOutput.late(late, props, "clicks-late", c -> c.userId);
            summaries
                    .sinkTo(
                            JobOutput.openSearch(
                                    props,
                                    SessionSummary.class,
                                    "sessions-",
                                    s -> s.start,
                                    SessionSummary::sessionId))
                    .name("opensearch-sessions")
                    .uid("opensearch-sessions");
        }
    }

    @Override
    public Preflight preflight(ApplicationProperties props) {
        return JobOutput.openSearch(Jobs.inputAndDeadLetters(props), props);
    }

    /** The job's streams before any sink: what tests compare with the scenario's ground truth. */
    static Streams pipeline(StreamExecutionEnvironment env, ApplicationProperties props) {
        return pipeline(
                env,
                props,
                ClickstreamScenario.of(
                        props.get(JobInput.GENERATOR_SEED), props.get(GENERATOR_USERS)));
    }

    /**
     * As {@link #pipeline(StreamExecutionEnvironment, ApplicationProperties)}, on {@code
     * generator}.
     */
    static Streams pipeline(
            StreamExecutionEnvironment env, ApplicationProperties props, Scenario generator) {
        Input<ClickEvent> clicks =
                JobInput.read(
                        env,
                        props,
                        ClickEvent.class,
                        c -> c.timestamp,
                        ClickEvent::contract,
                        generator,
                        "clicks");

        // Generated input: dedup runs in the generator's order (see Input).
        DataStream<ClickEvent> unique =
                clicks.ordered(
                        Deduplicate.exact((ClickEvent c) -> c.eventId, Types.STRING)
                                .expireAfter(props.get(DEDUP_HORIZON))
                                .name("dedup-clicks")
                                .uid("dedup-clicks")
                                .build()
                                .apply(clicks.records()));

        TypeInformation<ClickEvent> clickType = TypeInformation.of(ClickEvent.class);
        // The aggregation fills a SessionSummary's statistics; summary adds user and start.
        TypedAggregations<ClickEvent> click = Aggregations.forType(ClickEvent.class);
        Aggregator<ClickEvent, ?, Long> clickCount = click.count();
        Aggregator<ClickEvent, ?, String> entryPage =
                click.first(c -> c.timestamp, c -> c.page, Types.STRING);
        Aggregator<ClickEvent, ?, String> exitPage =
                click.last(c -> c.timestamp, c -> c.page, Types.STRING);
        Aggregator<ClickEvent, ?, Double> purchases = click.sum(c -> c.isPurchase() ? 1.0 : 0.0);
        Aggregator<ClickEvent, ?, Long> lastClick =
                click.last(c -> c.timestamp, c -> c.timestamp, Types.LONG);
        WindowAggregation<ClickEvent, SessionSummary> sessions =
                Windows.session(props.get(GAP))
                        .maxLength(props.get(MAX_LENGTH))
                        .aggregate(
                                click.of(clickCount, entryPage, exitPage, purchases, lastClick)
                                        .into(
                                                r ->
                                                        new SessionSummary(
                                                                null,
                                                                0,
                                                                r.get(lastClick),
                                                                r.get(clickCount),
                                                                r.get(purchases) > 0,
                                                                r.get(entryPage),
                                                                r.get(exitPage)),
                                                SessionSummary.class))
                        .lateRecords(
                                LatePolicy.sideOutputWithLateness(
                                        "late-clicks", clickType, props.get(ALLOWED_LATENESS)))
                        .build();
        SingleOutputStreamOperator<WindowResult<String, SessionSummary>> windows =
                sessions.apply(unique.keyBy(c -> c.userId)).name("sessions").uid("sessions");

        DataStream<SessionSummary> summaries =
                windows.map(SessionizationJob::summary)
                        .returns(SessionSummary.class)
                        .name("session-summaries")
                        .uid("session-summaries");
        return new Streams(
                summaries, windows.getSideOutput(sessions.lateRecordsTag()), clicks.deadLetters());
    }

    /** The outputs of the pipeline. */
    static final class Streams {
        final DataStream<SessionSummary> sessions;
        final DataStream<LateEvent<ClickEvent>> late;
        final DataStream<KinesisDeadLetter> deadLetters;

        Streams(
                DataStream<SessionSummary> sessions,
                DataStream<LateEvent<ClickEvent>> late,
                DataStream<KinesisDeadLetter> deadLetters) {
            this.sessions = sessions;
            this.late = late;
            this.deadLetters = deadLetters;
        }
    }

    /**
     * A window of one user's clicks as a session summary, starting at the window's start (a
     * re-emitted correction replaces it).
     */
    static SessionSummary summary(WindowResult<String, SessionSummary> w) {
        SessionSummary s = w.result;
        return new SessionSummary(
                w.key, w.windowStart, s.end, s.clicks, s.converted, s.entryPage, s.exitPage);
    }

    @Override
    public List<SummaryLine> summary() {
        return List.of(
                SummaryLine.of("records decoded", "numRecordsDecoded"),
                SummaryLine.of("dead letters", "numDeadLetters"),
                SummaryLine.of("duplicate clicks dropped", "numDuplicateRecords"),
                SummaryLine.of("late clicks (side output)", "numLateRecordsSideOutput"),
                SummaryLine.of("sessions", ConsoleSink.PRINTED, "print-sessions"));
    }
}
