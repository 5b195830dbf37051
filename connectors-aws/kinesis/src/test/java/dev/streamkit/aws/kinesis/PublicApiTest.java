package dev.streamkit.aws.kinesis;

import dev.streamkit.aws.testing.AwsApiRules;
import dev.streamkit.common.testing.PublicApiContract;

/**
 * streamkit-connectors-aws-kinesis's public surface under the shared rules (see {@link
 * PublicApiContract}) with the AWS SDK allowance of {@link AwsApiRules}.
 */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(AwsApiRules.RULES, "dev.streamkit.aws.kinesis");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {
            "KinesisSources",
            "KinesisJsonSource",
            "DecodedStream",
            "KinesisDeadLetter",
            "KinesisSinks",
            "KinesisPreflight",
            "StartPosition",
            "ReaderType",
            "Requirement",
            "TimestampExtractor",
            "PartitionKeyExtractor",
            "NonFiniteNumbers"
        };
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.aws.kinesis.internal.DeadLetterSplitter.class;
    }
}
