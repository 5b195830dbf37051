package dev.streamkit.cep.internal;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.common.internal.RecordTime;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * flink-cep's own operator (exactly what {@code CEP.pattern(keyed, pattern).inEventTime()
 * .process(...)} builds: same NFA, state names and late-data handling) with a check in front of it,
 * so that {@code FraudPattern.apply} on flink-cep keeps the Streamkit input contract:
 *
 * <ul>
 *   <li>a record without event time (none, or the {@code Long.MIN_VALUE} marker of a source without
 *       a watermark strategy) fails the job with {@link RecordTime}'s message: flink-cep alone
 *       would call every such record late and drop it (counting it in {@code
 *       numLateRecordsDropped});
 *   <li>an invalid record ({@link InputCheck}; it reaches this operator under the placeholder key
 *       of a {@code NullSafeKeySelector}) is counted in {@value InputCheck#INVALID_RECORDS_METRIC}
 *       and emitted to the invalid-record side output, never given to the NFA. Emitting it here,
 *       from the operator whose stream {@code apply} returns, is what makes it readable with {@code
 *       getSideOutput(tag)} on that stream.
 * </ul>
 *
 * <p>flink-cep is a compile dependency of this module, so the {@link CepOperator} this extends is
 * always the version it was built and tested against.
 *
 * @serial exclude
 */
@Internal
public final class CheckedCepOperator<T> extends CepOperator<T, String, FraudAlert<T>> {
    private static final long serialVersionUID = 1L;

    private final String operatorName;
    private final InputCheck<T> check;
    @Nullable private final OutputTag<T> invalidRecords;
    private transient Counter invalidCounter;

    /**
     * flink-cep's operator for {@code pattern}, in event time, behind the input check.
     *
     * @param patternId names the operator in error messages
     * @param eventSerializer serializer of the events (flink-cep's state)
     * @param pattern the flink-cep pattern
     * @param function turns matches into alerts
     * @param lateEvents side output of late events, or null to drop them
     * @param check finds invalid records
     * @param invalidRecords side output of invalid records, or null to only count them
     */
    public CheckedCepOperator(
            String patternId,
            TypeSerializer<T> eventSerializer,
            Pattern<T, T> pattern,
            CepAlertFunction<T> function,
            @Nullable OutputTag<T> lateEvents,
            InputCheck<T> check,
            @Nullable OutputTag<T> invalidRecords) {
        super(
                eventSerializer,
                false,
                NFACompiler.compileFactory(pattern, false),
                null,
                pattern.getAfterMatchSkipStrategy(),
                function,
                lateEvents);
        this.operatorName = "Streamkit fraud pattern '" + patternId + "' (flink-cep)";
        this.check = check;
        this.invalidRecords = invalidRecords;
    }

    @Override
    public void open() throws Exception {
        super.open();
        invalidCounter = getMetricGroup().counter(InputCheck.INVALID_RECORDS_METRIC);
    }

    @Override
    public void processElement(StreamRecord<T> record) throws Exception {
        RecordTime.eventTimeOf(record, operatorName, null);
        if (check.problem(record.getValue()) != null) {
            invalidCounter.inc();
            if (invalidRecords != null) {
                output.collect(invalidRecords, record);
            }
            return;
        }
        super.processElement(record);
    }
}
