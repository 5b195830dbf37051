package dev.streamkit.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.dynamodb.internal.JacksonItemMapper;
import dev.streamkit.aws.dynamodb.internal.UpsertElementConverter;
import dev.streamkit.aws.testing.Order;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbSinksTest {

    /** A nested type to check the mapping of lists, maps, booleans and nulls. */
    public static class Nested {
        public String id = "n-1";
        public boolean flag = true;
        public List<Integer> numbers = Arrays.asList(1, 2);
        public Map<String, String> tags = Collections.singletonMap("k", "v");
        public String missing = null;
        public double big = 1e20;
    }

    @Test
    void jacksonMappingCoversEveryJsonType() {
        Map<String, AttributeValue> item = new JacksonItemMapper<Nested>().toItem(new Nested());
        Map<String, AttributeValue> expected = new LinkedHashMap<>();
        expected.put("id", AttributeValue.fromS("n-1"));
        expected.put("flag", AttributeValue.fromBool(true));
        expected.put(
                "numbers",
                AttributeValue.fromL(
                        Arrays.asList(AttributeValue.fromN("1"), AttributeValue.fromN("2"))));
        expected.put(
                "tags",
                AttributeValue.fromM(Collections.singletonMap("k", AttributeValue.fromS("v"))));
        expected.put("big", AttributeValue.fromN("100000000000000000000"));
        assertThat(item).isEqualTo(expected);
    }

    @Test
    void sameRecordAlwaysYieldsTheSameItem() {
        UpsertElementConverter<Order> converter =
                new UpsertElementConverter<>(
                        new JacksonItemMapper<>(), Collections.singletonList("orderId"));
        Order o = new Order("o-1", "c-1", 2.5, 42L);
        Map<String, AttributeValue> first = converter.toCheckedItem(o);
        assertThat(converter.toCheckedItem(new Order("o-1", "c-1", 2.5, 42L))).isEqualTo(first);
        assertThat(first.get("orderId").s()).isEqualTo("o-1");
        assertThat(first.get("amount").n()).isEqualTo("2.5");
        assertThat(first.get("eventTime").n()).isEqualTo("42");
    }

    @Test
    void missingOrEmptyKeyAttributeIsRejectedWithTheAttributeName() {
        UpsertElementConverter<Order> converter =
                new UpsertElementConverter<>(
                        new JacksonItemMapper<>(), Arrays.asList("orderId", "customerId"));
        assertThatThrownBy(() -> converter.toCheckedItem(new Order(null, "c", 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("item has no valid key attribute 'orderId'");
        assertThatThrownBy(() -> converter.toCheckedItem(new Order("o", "", 1, 1)))
                .hasMessageStartingWith("item has no valid key attribute 'customerId'");
    }

    @Test
    void builderNamesTheOffendingParameter() {
        AwsConnection c = AwsConnection.region("us-east-1");
        assertThatThrownBy(
                        () ->
                                DynamoDbSinks.upsert(Order.class)
                                        .tableName("ab")
                                        .partitionKey("id")
                                        .connection(c)
                                        .build())
                .hasMessage("tableName must be 3 to 255 characters of [a-zA-Z0-9_.-], got 'ab'");
        assertThatThrownBy(
                        () ->
                                DynamoDbSinks.upsert(Order.class)
                                        .tableName("abc")
                                        .connection(c)
                                        .build())
                .hasMessage("partitionKey must be set");
        assertThatThrownBy(
                        () ->
                                DynamoDbSinks.upsert(Order.class)
                                        .tableName("abc")
                                        .partitionKey("id")
                                        .connection(c)
                                        .maxBatchSize(26)
                                        .build())
                .hasMessage("maxBatchSize must be in [1, 25], got 26");
        assertThatThrownBy(
                        () ->
                                DynamoDbSinks.upsert(Order.class)
                                        .tableName("abc")
                                        .partitionKey("id")
                                        .sortKey("id")
                                        .connection(c)
                                        .build())
                .hasMessage("sortKey must be non-empty and differ from partitionKey, got 'id'");
        assertThatThrownBy(
                        () ->
                                DynamoDbSinks.upsert(Order.class)
                                        .tableName("abc")
                                        .partitionKey("id")
                                        .build())
                .hasMessage("connection must be set");
        assertThat(
                        DynamoDbSinks.upsert(Order.class)
                                .tableName("abc")
                                .partitionKey("id")
                                .connection(c)
                                .build())
                .isNotNull();
    }
}
