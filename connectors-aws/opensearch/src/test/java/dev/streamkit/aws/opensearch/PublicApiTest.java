package dev.streamkit.aws.opensearch;

import dev.streamkit.aws.testing.AwsApiRules;
import dev.streamkit.common.testing.PublicApiContract;

/**
 * streamkit-connectors-aws-opensearch's public surface under the shared rules (see {@link
 * PublicApiContract}) with the AWS SDK allowance of {@link AwsApiRules}.
 */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(AwsApiRules.RULES, "dev.streamkit.aws.opensearch");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {
            "OpenSearchSinks",
            "OpenSearchPreflight",
            "IndexNamer",
            "EventTime",
            "DocumentIdExtractor",
            "RejectedDocument",
            "RejectedDocumentHandler",
            "RejectedDocumentHandlers"
        };
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.aws.opensearch.internal.JsonDocumentEmitter.class;
    }
}
