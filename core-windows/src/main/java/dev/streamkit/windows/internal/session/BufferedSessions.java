package dev.streamkit.windows.internal.session;

import dev.streamkit.windows.internal.MiniBatchTable;

/**
 * One key's entry in the session operator's mini-batch table: the key's {@link SessionSet}, loaded
 * from state on its first event since the last flush and updated in place until the flush writes it
 * back (null: nothing buffered).
 *
 * @param <A> the accumulator type
 */
final class BufferedSessions<A> extends MiniBatchTable.Entry {
    SessionSet<A> set;

    @Override
    protected boolean isEmpty() {
        return set == null;
    }

    @Override
    protected void reset() {
        set = null;
    }
}
