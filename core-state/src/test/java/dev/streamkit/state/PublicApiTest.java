package dev.streamkit.state;

import dev.streamkit.common.testing.PublicApiContract;
import dev.streamkit.common.testing.PublicApiRules;

/** core-state's public surface under the shared rules (see {@link PublicApiContract}). */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(PublicApiRules.core(), "dev.streamkit.state");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {
            "Deduplicate",
            "ExactDeduplicator",
            "ApproximateDeduplicator",
            "Builder",
            "ChangeDetector"
        };
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.state.internal.ExactDedupConfig.class;
    }
}
