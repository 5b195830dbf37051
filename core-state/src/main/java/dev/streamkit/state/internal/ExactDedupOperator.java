package dev.streamkit.state.internal;

import dev.streamkit.common.internal.KeyCheck;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.KeepPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The exact deduplication operator; runs on a stream keyed by the id.
 *
 * <p>State per live id: keep-first holds only the coalesced expiry (a {@code Long}); keep-last
 * holds (expiry, timestamp, record). At most one timer per live id is outstanding: it is registered
 * when the id is first seen and, when it fires before the (possibly extended) expiry, re-registered
 * at that expiry. Both state and timer are gone once the id expired.
 *
 * <p>With mini-batch on, records are buffered per id in arrival order and resolved against state on
 * every watermark (before timers fire), before every checkpoint barrier, before every
 * processing-time timer, when the buffer is full and at end of input, so every snapshot contains
 * the effect of every record before its barrier (exactly-once is preserved).
 *
 * @serial exclude
 */
@Internal
public final class ExactDedupOperator<T, ID> extends AbstractDedupOperator<T>
        implements Triggerable<ID, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** State names are part of the savepoint contract: never rename. */
    /** Name of the expiry state (savepoint contract). */
    public static final String EXPIRY_STATE = "streamkit-dedup-expiry";

    /** Name of the keep-last (expiry, timestamp, record) state (savepoint contract). */
    public static final String LAST_STATE = "streamkit-dedup-last";

    /** Name of the expiry timer service. */
    public static final String TIMERS = "streamkit-dedup-timers";

    private final KeySelector<T, ID> idExtractor;
    private final long granularity;
    private final boolean keepLast;
    private final int miniBatchSize;
    private final TypeInformation<T> recordType;

    private transient ValueState<Long> expiryState;
    private transient ValueState<Tuple3<Long, Long, T>> lastState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient LinkedHashMap<Object, Pending<T>> buffer;
    private transient TypeSerializer<T> copier;
    private transient StreamRecord<T> reuse;

    /**
     * The keep-last operator for {@code config}.
     *
     * @param config the validated configuration, side outputs included
     * @param recordType the record type
     */
    public ExactDedupOperator(ExactDedupConfig<T, ID> config, TypeInformation<T> recordType) {
        super(config);
        this.idExtractor = config.idExtractor();
        this.granularity = config.granularityMillis();
        this.keepLast = config.keepPolicy() == KeepPolicy.KEEP_LAST;
        this.miniBatchSize = config.miniBatchSize();
        this.recordType = recordType;
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (keepLast) {
            lastState =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            LAST_STATE,
                                            new TupleTypeInfo<Tuple3<Long, Long, T>>(
                                                    Types.LONG, Types.LONG, recordType)));
        } else {
            expiryState =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>(EXPIRY_STATE, Types.LONG));
        }
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        reuse = new StreamRecord<>(null);
        if (miniBatchSize > 0) {
            buffer = new LinkedHashMap<>();
            if (getExecutionConfig().isObjectReuseEnabled()) {
                copier = recordType.createSerializer(getExecutionConfig().getSerializerConfig());
            }
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        // a record without an id is keyed by the invalid-key sentinel: re-check before any state
        if (KeyCheck.keyOrNull(idExtractor, element.getValue()) == null) {
            invalid(element);
            return;
        }
        long ts = timeOf(element);
        if (routedLate(element, ts, timers.currentWatermark())) {
            return;
        }
        if (buffer == null) {
            resolve(element.getValue(), element.hasTimestamp(), element.getTimestamp(), ts);
        } else {
            buffer(element, ts);
        }
    }

    /** Resolves one record against the state of the current key (the record's id). */
    private void resolve(T value, boolean hasTs, long recordTs, long ts) throws Exception {
        long expiry = TimeMath.ceil(TimeMath.add(ts, expireAfter), granularity);
        if (keepLast) {
            Tuple3<Long, Long, T> last = lastState.value();
            if (last == null) {
                lastState.update(Tuple3.of(expiry, ts, value));
                register(expiry);
                metrics.unique.inc();
            } else {
                if (ts >= last.f1) {
                    // the stored record is replaced by a later one
                    duplicate(last.f2, eventTime, last.f1);
                    last.f1 = ts;
                    last.f2 = value;
                } else {
                    duplicate(value, hasTs, recordTs);
                }
                last.f0 = Math.max(last.f0, expiry);
                lastState.update(last);
            }
        } else {
            Long current = expiryState.value();
            if (current == null) {
                expiryState.update(expiry);
                register(expiry);
                metrics.unique.inc();
                emit(value, hasTs, recordTs);
            } else {
                duplicate(value, hasTs, recordTs);
                if (expiry > current) {
                    expiryState.update(expiry);
                }
            }
        }
    }

    private void emit(T value, boolean hasTs, long ts) {
        if (hasTs) {
            reuse.replace(value, ts);
        } else {
            reuse.replace(value);
            reuse.eraseTimestamp();
        }
        output.collect(reuse);
    }

    private void register(long expiry) {
        if (expiry >= TimeMath.MAX_TIME) {
            if (!keepLast) {
                return; // keep-first: an id this far in the future is never forgotten
            }
            // keep-last holds a record that must come out: the end-of-input watermark
            // (Long.MAX_VALUE) fires this timer, never an overflowed one
            expiry = TimeMath.MAX_TIME;
        }
        if (eventTime) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
        } else {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, expiry);
        }
    }

    // ---------------------------------------------------------------- timers

    @Override
    public void onEventTime(InternalTimer<ID, VoidNamespace> timer) throws Exception {
        expire(timer.getTimestamp(), true);
    }

    @Override
    public void onProcessingTime(InternalTimer<ID, VoidNamespace> timer) throws Exception {
        if (buffer != null && !buffer.isEmpty()) {
            flush();
            setCurrentKey(timer.getKey());
        }
        expire(timer.getTimestamp(), false);
    }

    private void expire(long time, boolean eventTimeTimer) throws Exception {
        if (keepLast) {
            Tuple3<Long, Long, T> last = lastState.value();
            if (last == null) {
                return;
            }
            if (last.f0 <= time) {
                lastState.clear();
                // event time: stamped with the expiry, so downstream never sees it as late
                emit(last.f2, eventTimeTimer, time);
            } else {
                register(last.f0);
            }
        } else {
            Long expiry = expiryState.value();
            if (expiry == null) {
                return;
            }
            if (expiry <= time) {
                expiryState.clear();
            } else {
                register(expiry);
            }
        }
    }

    // ---------------------------------------------------------------- mini-batch

    private void buffer(StreamRecord<T> element, long ts) throws Exception {
        T value = copier == null ? element.getValue() : copier.copy(element.getValue());
        boolean hasTs = element.hasTimestamp();
        long recordTs = element.getTimestamp();
        Object id = getCurrentKey();
        Pending<T> pending = buffer.get(id);
        if (pending == null) {
            buffer.put(id, new Pending<>(value, hasTs, recordTs, ts));
            if (buffer.size() >= miniBatchSize) {
                flush();
            }
            return;
        }
        if (!keepLast || ts < pending.ts) {
            // keep-first: later arrivals are duplicates; keep-last: an older record is replaced
            pending.addDuplicate(value, hasTs, recordTs, ts, duplicateTag != null);
        } else {
            pending.addDuplicate(
                    pending.value, pending.hasTs, pending.recordTs, ts, duplicateTag != null);
            pending.value = value;
            pending.hasTs = hasTs;
            pending.recordTs = recordTs;
            pending.ts = ts;
        }
    }

    @Override
    protected void flush() throws Exception {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        for (Map.Entry<Object, Pending<T>> entry : buffer.entrySet()) {
            setCurrentKey(entry.getKey());
            Pending<T> p = entry.getValue();
            resolve(p.value, p.hasTs, p.recordTs, Math.max(p.ts, p.maxTs));
            duplicates(p);
        }
        buffer.clear();
    }
}
