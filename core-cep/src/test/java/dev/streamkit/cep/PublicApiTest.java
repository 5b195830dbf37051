package dev.streamkit.cep;

import dev.streamkit.common.testing.PublicApiContract;
import dev.streamkit.common.testing.PublicApiRules;

/**
 * core-cep's public surface under the shared rules (see {@link PublicApiContract}) (test hooks live
 * in {@code .internal}, so no public type carries an {@code @Internal} member).
 */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(PublicApiRules.core(), "dev.streamkit.cep");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {"FraudPattern"};
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.cep.internal.CheckedCepOperator.class;
    }
}
