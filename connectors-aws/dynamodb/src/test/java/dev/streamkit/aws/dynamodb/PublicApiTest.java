package dev.streamkit.aws.dynamodb;

import dev.streamkit.aws.testing.AwsApiRules;
import dev.streamkit.common.testing.PublicApiContract;

/**
 * streamkit-connectors-aws-dynamodb's public surface under the shared rules (see {@link
 * PublicApiContract}) with the AWS SDK allowance of {@link AwsApiRules}.
 */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(AwsApiRules.RULES, "dev.streamkit.aws.dynamodb");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {"DynamoDbSinks", "DynamoDbPreflight", "ItemMapper"};
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.aws.dynamodb.internal.JacksonItemMapper.class;
    }
}
