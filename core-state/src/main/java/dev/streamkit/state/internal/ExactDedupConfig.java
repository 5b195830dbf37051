package dev.streamkit.state.internal;

import dev.streamkit.state.ExactDeduplicator;
import dev.streamkit.state.KeepPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;

/**
 * Every parameter of an exact deduplication: what {@link ExactDeduplicator.Builder} collects, what
 * the built {@link ExactDeduplicator} holds, and what the operators run with. The public classes
 * keep only what a user wires with (the fluent setters, the operator, its key selector, name, uid
 * and side outputs); the parameters themselves live here.
 *
 * <p>Immutable: every {@code with...} method returns a changed copy. A configuration is not
 * validated until {@link #validate()}, which {@link ExactDeduplicator.Builder#build()} calls before
 * any operator sees it.
 *
 * @param <T> the record type
 * @param <ID> the id type
 */
@Internal
public final class ExactDedupConfig<T, ID> implements Serializable {
    private static final long serialVersionUID = 1L;

    // Not final only so that with(...) can change a fresh copy; never changed after that.
    private KeySelector<T, ID> idExtractor;
    private TypeInformation<ID> idType;
    @Nullable private Duration expireAfter;
    @Nullable private Duration granularity;
    private TimeDomain timeDomain = TimeDomain.EVENT_TIME;
    private KeepPolicy keepPolicy = KeepPolicy.KEEP_FIRST;
    @Nullable private OutputTag<T> duplicateTag;
    @Nullable private OutputTag<T> lateTag;
    @Nullable private OutputTag<T> invalidTag;
    private int miniBatchSize;
    private int shards = 128;
    private long idCacheBytes = ExactDeduplicator.DEFAULT_ID_CACHE_BYTES;
    private int writeBufferIds = ExactDeduplicator.AUTO_WRITE_BUFFER_IDS;
    private String name = "deduplicate";
    @Nullable private String uid;

    /**
     * The defaults (see {@link ExactDeduplicator}) for the given ids; {@code expireAfter} is still
     * to be set.
     *
     * @param idExtractor the id extractor
     * @param idType the id type
     */
    public ExactDedupConfig(KeySelector<T, ID> idExtractor, TypeInformation<ID> idType) {
        this.idExtractor = idExtractor;
        this.idType = idType;
    }

    private ExactDedupConfig(ExactDedupConfig<T, ID> o) {
        this.idExtractor = o.idExtractor;
        this.idType = o.idType;
        this.expireAfter = o.expireAfter;
        this.granularity = o.granularity;
        this.timeDomain = o.timeDomain;
        this.keepPolicy = o.keepPolicy;
        this.duplicateTag = o.duplicateTag;
        this.lateTag = o.lateTag;
        this.invalidTag = o.invalidTag;
        this.miniBatchSize = o.miniBatchSize;
        this.shards = o.shards;
        this.idCacheBytes = o.idCacheBytes;
        this.writeBufferIds = o.writeBufferIds;
        this.name = o.name;
        this.uid = o.uid;
    }

    private ExactDedupConfig<T, ID> with(Consumer<ExactDedupConfig<T, ID>> change) {
        ExactDedupConfig<T, ID> copy = new ExactDedupConfig<>(this);
        change.accept(copy);
        return copy;
    }

    /** A copy with the horizon set. */
    public ExactDedupConfig<T, ID> withExpireAfter(Duration expireAfter) {
        return with(c -> c.expireAfter = expireAfter);
    }

    /** A copy with the timer granularity set (null: the default, {@code expireAfter / 4}). */
    public ExactDedupConfig<T, ID> withGranularity(@Nullable Duration granularity) {
        return with(c -> c.granularity = granularity);
    }

    /** A copy with the time domain set. */
    public ExactDedupConfig<T, ID> withTimeDomain(TimeDomain timeDomain) {
        return with(c -> c.timeDomain = timeDomain);
    }

    /** A copy with the keep policy set. */
    public ExactDedupConfig<T, ID> withKeepPolicy(KeepPolicy keepPolicy) {
        return with(c -> c.keepPolicy = keepPolicy);
    }

    /** A copy routing duplicates to {@code tag}. */
    public ExactDedupConfig<T, ID> withDuplicateTag(OutputTag<T> tag) {
        return with(c -> c.duplicateTag = tag);
    }

    /** A copy routing late records to {@code tag}. */
    public ExactDedupConfig<T, ID> withLateTag(OutputTag<T> tag) {
        return with(c -> c.lateTag = tag);
    }

    /** A copy routing records without an id to {@code tag}. */
    public ExactDedupConfig<T, ID> withInvalidTag(OutputTag<T> tag) {
        return with(c -> c.invalidTag = tag);
    }

    /** A copy with the mini-batch bound set. */
    public ExactDedupConfig<T, ID> withMiniBatchSize(int miniBatchSize) {
        return with(c -> c.miniBatchSize = miniBatchSize);
    }

    /** A copy with the keep-first shard count set. */
    public ExactDedupConfig<T, ID> withShards(int shards) {
        return with(c -> c.shards = shards);
    }

    /** A copy with the keep-first negative id cache bound set. */
    public ExactDedupConfig<T, ID> withIdCacheBytes(long idCacheBytes) {
        return with(c -> c.idCacheBytes = idCacheBytes);
    }

    /** A copy with the keep-first write-back buffer bound set. */
    public ExactDedupConfig<T, ID> withWriteBufferIds(int writeBufferIds) {
        return with(c -> c.writeBufferIds = writeBufferIds);
    }

    /** A copy with the operator name set. */
    public ExactDedupConfig<T, ID> withName(String name) {
        return with(c -> c.name = name);
    }

    /** A copy with the operator uid set (null: derived from {@link #canonicalDescription()}). */
    public ExactDedupConfig<T, ID> withUid(@Nullable String uid) {
        return with(c -> c.uid = uid);
    }

    /**
     * Checks every parameter, naming the offending one (see {@link ExactDedupSpecs#validate}).
     *
     * @return this configuration
     * @throws IllegalArgumentException if a parameter is missing or out of range
     */
    public ExactDedupConfig<T, ID> validate() {
        ExactDedupSpecs.validate(
                idExtractor,
                idType,
                expireAfter,
                granularity,
                timeDomain,
                keepPolicy,
                miniBatchSize,
                shards,
                idCacheBytes,
                writeBufferIds,
                lateTag != null,
                name,
                uid);
        return this;
    }

    /** The id extractor. */
    public KeySelector<T, ID> idExtractor() {
        return idExtractor;
    }

    /** The id type. */
    public TypeInformation<ID> idType() {
        return idType;
    }

    /** How long an id is remembered after it was last seen, in milliseconds. */
    public long expireAfterMillis() {
        return expireAfter.toMillis();
    }

    /**
     * The timer granularity expiry is rounded up to, in milliseconds: as set, else a quarter of the
     * horizon (at least 1 ms), so an id is remembered for at most {@code 1.25 * expireAfter}.
     */
    public long granularityMillis() {
        return granularity != null
                ? granularity.toMillis()
                : Math.max(1L, expireAfter.toMillis() / 4);
    }

    /** The time domain expiry runs in. */
    public TimeDomain timeDomain() {
        return timeDomain;
    }

    /** Whether expiry runs on event-time timers. */
    public boolean eventTime() {
        return timeDomain == TimeDomain.EVENT_TIME;
    }

    /** Which occurrence is let through. */
    public KeepPolicy keepPolicy() {
        return keepPolicy;
    }

    /** The side output of duplicates, or null when they are counted and dropped. */
    @Nullable
    public OutputTag<T> duplicateTag() {
        return duplicateTag;
    }

    /** The side output of late records, or null when they are deduplicated like any other. */
    @Nullable
    public OutputTag<T> lateTag() {
        return lateTag;
    }

    /** The side output of records without an id, or null when they are counted and dropped. */
    @Nullable
    public OutputTag<T> invalidTag() {
        return invalidTag;
    }

    /** The most distinct ids buffered before resolving them, 0 when disabled. */
    public int miniBatchSize() {
        return miniBatchSize;
    }

    /** The keep-first shard count. */
    public int shards() {
        return shards;
    }

    /** The keep-first negative id cache bound in heap bytes per subtask, 0 when disabled. */
    public long idCacheBytes() {
        return idCacheBytes;
    }

    /**
     * The keep-first write-back buffer bound in ids per subtask: 0 when disabled, {@link
     * ExactDeduplicator#AUTO_WRITE_BUFFER_IDS} when sized from the heap.
     */
    public int writeBufferIds() {
        return writeBufferIds;
    }

    /** The operator name. */
    public String name() {
        return name;
    }

    /** The uid set by the user, or null for the derived one. */
    @Nullable
    public String uid() {
        return uid;
    }

    /** How error messages name the operator: {@code Streamkit deduplication '<name>'}. */
    public String description() {
        return "Streamkit deduplication '" + name + "'";
    }

    /**
     * What the default uid is derived from: the parameters that decide which records are duplicates
     * and how state is laid out, and the name (so two deduplicators that differ only in name get
     * different uids). Tuning parameters (mini-batch, caches, write buffer) and side outputs are
     * left out: changing them keeps the uid and the state. Part of the savepoint contract: a change
     * of this text changes every default uid.
     *
     * @return the canonical description
     */
    public String canonicalDescription() {
        return "exact;name="
                + name
                + ";idType="
                + idType
                + ";expireAfterMillis="
                + expireAfterMillis()
                + ";granularityMillis="
                + granularityMillis()
                + ";timeDomain="
                + timeDomain
                + ";keep="
                + keepPolicy
                + ";shards="
                + (keepPolicy == KeepPolicy.KEEP_FIRST ? shards : 0);
    }
}
