package dev.streamkit.benchmarks.harness;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A workload materialised in memory before any measurement, so the generator is never measured.
 *
 * <p>Jobs run in an in-process MiniCluster, so the source reads the array through a process-wide
 * registry instead of serialising millions of records into the job graph.
 */
public final class Dataset<T> {
    private static final Map<Integer, Object[]> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id;
    private final int size;
    private final TypeInformation<T> type;

    private Dataset(int id, int size, TypeInformation<T> type) {
        this.id = id;
        this.size = size;
        this.type = type;
    }

    /** Registers {@code records} (not copied: do not modify them afterwards). */
    public static <T> Dataset<T> of(T[] records, TypeInformation<T> type) {
        Objects.requireNonNull(records, "records");
        if (records.length == 0) {
            throw new IllegalArgumentException("records: a dataset needs at least one record");
        }
        int id = IDS.incrementAndGet();
        REGISTRY.put(id, records);
        return new Dataset<>(id, records.length, Objects.requireNonNull(type, "type"));
    }

    public int size() {
        return size;
    }

    public TypeInformation<T> type() {
        return type;
    }

    int id() {
        return id;
    }

    @SuppressWarnings("unchecked")
    static <T> T[] records(int id) {
        Object[] records = REGISTRY.get(id);
        if (records == null) {
            throw new IllegalStateException("Dataset " + id + " is not registered in this JVM");
        }
        return (T[]) records;
    }

    /** Drops the records from the registry (a large dataset no case will run on again). */
    public void release() {
        REGISTRY.remove(id);
    }

    /** The records themselves, for plain-Java workloads (do not modify). */
    public T[] records() {
        return records(id);
    }
}
