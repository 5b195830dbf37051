package dev.streamkit.cep.testing;

/** One input of a harness run: an event (timestamp = its time) or a watermark. */
public final class Step {
    final TestEvent event;
    final long watermark;

    private Step(TestEvent event, long watermark) {
        this.event = event;
        this.watermark = watermark;
    }

    public static Step event(TestEvent event) {
        return new Step(event, Long.MIN_VALUE);
    }

    public static Step watermark(long watermark) {
        return new Step(null, watermark);
    }

    public boolean isEvent() {
        return event != null;
    }

    public TestEvent event() {
        return event;
    }

    public long watermark() {
        return watermark;
    }

    @Override
    public String toString() {
        return event != null ? event.toString() : "WM(" + watermark + ")";
    }
}
