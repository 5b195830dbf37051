package dev.streamkit.state;

import com.google.common.hash.Hashing;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Maps a record to a well-mixed 64-bit hash of its id, for {@link Deduplicate#approximate}. Two
 * records with the same id must hash equally; two different ids collide with probability about
 * 2<sup>-64</sup> (none for {@link #ofLong}, whose mixing is a bijection). A hasher that throws
 * (for example on a null id) makes the record invalid: counted and routed, never a job failure.
 *
 * @param <T> the record type
 */
@PublicEvolving
@FunctionalInterface
public interface IdHasher<T> extends Serializable {

    /**
     * The 64-bit hash of the id of {@code record}.
     *
     * @param record a record
     * @return the hash of its id
     */
    long hash(T record);

    /**
     * Extracts a {@code long} id.
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    interface LongId<T> extends Serializable {
        /**
         * The id of {@code record}.
         *
         * @param record a record
         * @return its id
         */
        long id(T record);
    }

    /**
     * Extracts a {@code String} id.
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    interface StringId<T> extends Serializable {
        /**
         * The id of {@code record}.
         *
         * @param record a record
         * @return its id
         */
        String id(T record);
    }

    /**
     * Extracts a {@code byte[]} id.
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    interface BytesId<T> extends Serializable {
        /**
         * The id of {@code record}.
         *
         * @param record a record
         * @return its id
         */
        byte[] id(T record);
    }

    /**
     * Long ids mixed by the MurmurHash3 finalizer (a bijection: distinct ids never collide).
     *
     * @param id the id of a record
     * @param <T> the record type
     * @return the hasher
     */
    static <T> IdHasher<T> ofLong(LongId<T> id) {
        return record -> mix64(id.id(record));
    }

    /**
     * String ids hashed with 128-bit MurmurHash3 of their UTF-8 bytes (low 64 bits).
     *
     * @param id the id of a record; a null id makes the hasher throw (an invalid record)
     * @param <T> the record type
     * @return the hasher
     */
    static <T> IdHasher<T> ofString(StringId<T> id) {
        return record ->
                Hashing.murmur3_128().hashString(id.id(record), StandardCharsets.UTF_8).asLong();
    }

    /**
     * Byte-array ids hashed with 128-bit MurmurHash3 (low 64 bits).
     *
     * @param id the id of a record; a null id makes the hasher throw (an invalid record)
     * @param <T> the record type
     * @return the hasher
     */
    static <T> IdHasher<T> ofBytes(BytesId<T> id) {
        return record -> Hashing.murmur3_128().hashBytes(id.id(record)).asLong();
    }

    /**
     * The MurmurHash3 64-bit finalizer.
     *
     * @param z a value
     * @return the mixed value (a bijection)
     */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
