package dev.streamkit.aws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * Checks, before {@code env.execute()}, that the AWS resources a job uses exist and match what its
 * sinks write, so a deployment mistake fails the deployment with every problem named instead of
 * crash-looping the job.
 *
 * <pre>{@code
 * Preflight.of(
 *                 KinesisPreflight.stream("Input.stream.arn", props.get(INPUT_ARN)),
 *                 KinesisPreflight.stream("DeadLetters.stream.arn", props.get(DLQ_ARN)),
 *                 DynamoDbPreflight.table("Output.table", props.get(TABLE), "orderId"),
 *                 OpenSearchPreflight.endpoint("Output.opensearch.endpoint", uri, null, aws))
 *         .check(aws); // throws PreflightException listing every problem
 * env.execute("orders");
 * }</pre>
 *
 * <p>The checks come from the service modules ({@code KinesisPreflight}, {@code DynamoDbPreflight},
 * {@code OpenSearchPreflight}), each in the artifact of its service, so a Kinesis-only job needs no
 * DynamoDB or OpenSearch client. Every check runs, in declaration order; each problem is reported
 * as {@code property '<property>': <problem>}. A check that throws is reported as {@code cannot be
 * checked (<exception>)}, never thrown. Immutable: {@link #and} returns a new instance.
 */
@PublicEvolving
public final class Preflight {

    private final List<PreflightCheck> checks;

    private Preflight(List<PreflightCheck> checks) {
        this.checks = Collections.unmodifiableList(checks);
    }

    /**
     * An empty set of checks.
     *
     * @return a preflight that finds no problem
     */
    public static Preflight checks() {
        return new Preflight(new ArrayList<>());
    }

    /**
     * These checks, run in this order.
     *
     * @param checks the checks, each naming its property
     * @return a preflight running {@code checks}
     */
    public static Preflight of(PreflightCheck... checks) {
        return checks().and(checks);
    }

    /**
     * A new {@code Preflight} with these checks after this one's; this one is unchanged.
     *
     * @param more the checks to add, each naming its property
     * @return a new preflight running this one's checks, then {@code more}
     */
    public Preflight and(PreflightCheck... more) {
        Preconditions.checkArgument(more != null, "checks must not be null");
        List<PreflightCheck> all = new ArrayList<>(checks);
        for (PreflightCheck c : Arrays.asList(more)) {
            Preconditions.checkArgument(c != null, "a preflight check must not be null");
            String property = c.property();
            Preconditions.checkArgument(
                    property != null && !property.isEmpty(),
                    "a preflight check must name the property its resource comes from, got '%s'",
                    property);
            all.add(c);
        }
        return new Preflight(all);
    }

    /**
     * The checks, in the order they run.
     *
     * @return an unmodifiable list of the checks
     */
    public List<PreflightCheck> checkList() {
        return checks;
    }

    /**
     * Runs every check ({@code connection} for those declared without their own) and throws one
     * {@link PreflightException} listing every problem; returns normally if there is none.
     *
     * @param connection the connection for checks declared without their own
     * @throws PreflightException listing every problem found
     */
    public void check(AwsConnection connection) {
        List<String> problems = problems(connection);
        if (!problems.isEmpty()) {
            throw new PreflightException(problems);
        }
    }

    /**
     * Runs every check and returns the problems found.
     *
     * @param connection the connection for checks declared without their own
     * @return one line per problem, {@code property '<property>': <problem>}; empty if none
     */
    public List<String> problems(AwsConnection connection) {
        Preconditions.checkArgument(connection != null, "connection must not be null");
        List<String> problems = new ArrayList<>();
        for (PreflightCheck c : checks) {
            String problem;
            try {
                problem = c.problem(connection);
            } catch (RuntimeException e) {
                problem =
                        "cannot be checked ("
                                + e.getClass().getSimpleName()
                                + ": "
                                + e.getMessage()
                                + ")";
            }
            if (problem != null) {
                problems.add("property '" + c.property() + "': " + problem);
            }
        }
        return problems;
    }
}
