package dev.streamkit.examples.local;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the local runner and the deployed entry point need from an example job: its properties, the
 * pipeline, and the metrics its local summary reports.
 */
public interface ExampleJob {

    /** The job's name, as given to {@code ./run-example}. */
    String name();

    /** The properties the job reads (MSF property groups, or the local JSON file). */
    List<PropertySpec<?>> properties();

    /** Wires the pipeline into {@code env}; checkpointing and uids are set here, not by callers. */
    void build(StreamExecutionEnvironment env, ApplicationProperties properties);

    /**
     * The AWS resources the job will use with {@code properties} ({@link Jobs#preflight}): its
     * Kinesis input and dead-letter stream, and the outputs of its AWS sink mode.
     */
    default Preflight preflight(ApplicationProperties properties) {
        return Jobs.inputAndDeadLetters(properties);
    }

    /**
     * The metrics the local summary adds up over all operators, as {@code label -> metric name}
     * (for example {@code "late events" -> "numLateRecords"}).
     */
    List<SummaryLine> summary();

    /** One line of the local summary: a label and the metric summed over every operator. */
    final class SummaryLine {
        public final String label;
        public final String metric;
        public final String operator;

        private SummaryLine(String label, String metric, String operator) {
            this.label = label;
            this.metric = metric;
            this.operator = operator;
        }

        /** {@code metric} summed over every operator and subtask that has it. */
        public static SummaryLine of(String label, String metric) {
            return new SummaryLine(label, metric, null);
        }

        /** {@code metric} summed over the subtasks of operators whose name contains {@code op}. */
        public static SummaryLine of(String label, String metric, String op) {
            return new SummaryLine(label, metric, op);
        }
    }
}
