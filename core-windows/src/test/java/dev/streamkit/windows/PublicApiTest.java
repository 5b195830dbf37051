package dev.streamkit.windows;

import dev.streamkit.common.testing.PublicApiContract;
import dev.streamkit.common.testing.PublicApiRules;

/** core-windows's public surface under the shared rules (see {@link PublicApiContract}). */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(PublicApiRules.core(), "dev.streamkit.windows");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {
            "Windows",
            "Aggregations",
            "TypedAggregations",
            "Aggregator",
            "LatePolicy",
            "WindowAggregation"
        };
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.windows.internal.TimedValue.class;
    }
}
