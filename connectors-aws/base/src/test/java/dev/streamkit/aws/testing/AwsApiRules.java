package dev.streamkit.aws.testing;

import dev.streamkit.common.testing.PublicApiRules;

/**
 * The public-surface rules of the published connector modules: the core modules' {@link
 * PublicApiRules} plus the AWS SDK v2 ({@code software.amazon.awssdk}).
 *
 * <p>The SDK is part of what a user of these connectors deals with: some values can only be passed
 * in as SDK types without copying the SDK's model (today only DynamoDB's {@code AttributeValue}, in
 * {@code ItemMapper}; regions and credentials providers if an API ever takes them). It is a
 * declared compile dependency of these modules with its own compatibility promise, unlike Jackson,
 * Apache HTTP or OpenSearch client types, which stay behind {@code .internal}. Flink's AWS and
 * OpenSearch connectors are Flink types ({@code org.apache.flink.}) and allowed by the core rules.
 */
public final class AwsApiRules {
    /** The core rules, also admitting {@code software.amazon.awssdk.} types. */
    public static final PublicApiRules RULES =
            PublicApiRules.core().alsoAllowing("software.amazon.awssdk.");

    private AwsApiRules() {}
}
