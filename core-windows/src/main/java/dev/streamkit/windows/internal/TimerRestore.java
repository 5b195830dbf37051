package dev.streamkit.windows.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Keeps the slicing operator's timers across a restore when the timer kind changes with the state
 * backend: Flink's timer service (snapshotted by Flink) or {@link BucketedTimers} (heap backend,
 * not snapshotted). Either way every key's one timer is also in its bookkeeping state ({@link
 * SliceBookkeeping#timer}), so:
 *
 * <ul>
 *   <li>bucketed timers are rebuilt from the bookkeeping of every key on every open (timers
 *       restored into Flink's service by an earlier writer are then duplicates and ignored);
 *   <li>a snapshot written with bucketed timers carries the union operator state {@value #MARK}
 *       ({@code true}); an operator with Flink timers restoring it (a savepoint moved from the heap
 *       backend to RocksDB) registers the timer of every key from its bookkeeping once.
 * </ul>
 */
final class TimerRestore {
    /** The union list state marking a snapshot whose timers are only in the bookkeeping. */
    static final String MARK = "timers-in-bookkeeping";

    /** Receives a key and its stored timer; the key is the backend's current key. */
    interface StoredTimer<K> {
        void accept(K key, long time) throws Exception;
    }

    private final ListState<Boolean> mark;
    private final boolean timersOnlyInBookkeeping;

    TimerRestore(StateInitializationContext context) throws Exception {
        mark =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(MARK, BooleanSerializer.INSTANCE));
        boolean marked = false;
        if (context.isRestored()) {
            for (Boolean m : mark.get()) {
                marked |= m;
            }
        }
        timersOnlyInBookkeeping = marked;
    }

    /**
     * The operator's timers when it opens: bucketed on the heap backend, rebuilt from the
     * bookkeeping; otherwise Flink's {@code service}, where the timer of every key is registered
     * from its bookkeeping if the restored snapshot's timers were bucketed. The service is created
     * on every backend: it restores the timers of earlier writers (on the heap backend duplicates
     * of the bookkeeping's, which the operator ignores).
     */
    <K> KeyTimers open(
            KeyContext keys,
            KeyedStateBackend<K> backend,
            SliceStore<?> store,
            boolean heap,
            InternalTimerService<VoidNamespace> service)
            throws Exception {
        if (heap) {
            BucketedTimers bucketed = new BucketedTimers(keys, backend.getKeySerializer());
            forEachStoredTimer(backend, store, bucketed::add);
            // with a bookkeeping cache the lists hold its entries: no lookup when they fire
            bucketed.useHandles(store.timerHandles());
            return bucketed;
        }
        if (timersOnlyInBookkeeping) {
            forEachStoredTimer(
                    backend,
                    store,
                    (key, time) -> service.registerEventTimeTimer(VoidNamespace.INSTANCE, time));
        }
        return KeyTimers.of(service);
    }

    /** Records, before each snapshot, whether this operator's timers are bucketed. */
    void snapshot(boolean bucketed) throws Exception {
        mark.update(bucketed ? Collections.singletonList(true) : Collections.emptyList());
    }

    /**
     * Calls {@code out} with every key of {@code backend} that has bookkeeping in state with a
     * timer, and the timer's time (the key is then the backend's current key). Reads the state, not
     * a bookkeeping cache: call it when the operator opens.
     */
    private static <K> void forEachStoredTimer(
            KeyedStateBackend<K> backend, SliceStore<?> store, StoredTimer<K> out)
            throws Exception {
        try (Stream<K> keys = backend.getKeys(SliceStore.BOOKKEEPING, VoidNamespace.INSTANCE)) {
            for (Iterator<K> it = keys.iterator(); it.hasNext(); ) {
                K key = it.next();
                backend.setCurrentKey(key);
                long time = store.storedTimer();
                if (time != SliceBookkeeping.NO_TIMER) {
                    out.accept(key, time);
                }
            }
        }
    }
}
