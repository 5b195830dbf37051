package dev.streamkit.aws.kinesis;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A declared input contract on a decoded record, e.g. {@code e -> e.id != null}. Checked after the
 * JSON decoded; a record that does not meet it becomes a dead letter (error type {@code
 * REQUIREMENT}) naming the requirement, exactly like a syntax error. A predicate that throws counts
 * as not met, with the exception in the reason: nothing is thrown into the job.
 *
 * <p>Requirements are shipped to the task managers with the job, so they must be serializable
 * (lambdas are, as long as what they capture is); {@code require(...)} checks that when the job is
 * built.
 *
 * @param <T> the decoded record type
 */
@PublicEvolving
@FunctionalInterface
public interface Requirement<T> extends Serializable {

    /**
     * Whether {@code record} meets this requirement.
     *
     * @param record a decoded record (never null)
     * @return true if the record meets the requirement
     * @throws Exception any failure, counted as not met and reported in the dead letter's reason
     */
    boolean test(T record) throws Exception;
}
