package dev.streamkit.aws.dynamodb.internal;

import dev.streamkit.aws.dynamodb.ItemMapper;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns each record into a PutItem of its mapped item, after checking the declared key. */
@Internal
public final class UpsertElementConverter<T> implements ElementConverter<T, DynamoDbWriteRequest> {

    private static final long serialVersionUID = 1L;

    private final ItemMapper<T> mapper;
    private final List<String> keyAttributes;

    /** PutItem requests of {@code mapper}'s items, each checked to carry {@code keyAttributes}. */
    public UpsertElementConverter(ItemMapper<T> mapper, List<String> keyAttributes) {
        this.mapper = mapper;
        this.keyAttributes = keyAttributes;
    }

    @Override
    public DynamoDbWriteRequest apply(T element, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(DynamoDbWriteRequestType.PUT)
                .setItem(toCheckedItem(element))
                .build();
    }

    /** The item, with every key attribute present and a non-empty string, number or binary. */
    public Map<String, AttributeValue> toCheckedItem(T element) {
        Map<String, AttributeValue> item = mapper.toItem(element);
        if (item == null) {
            throw new IllegalArgumentException("the item mapper returned null for " + element);
        }
        for (String key : keyAttributes) {
            AttributeValue v = item.get(key);
            boolean valid =
                    v != null
                            && ((v.s() != null && !v.s().isEmpty())
                                    || v.n() != null
                                    || (v.b() != null && v.b().asByteArray().length > 0));
            if (!valid) {
                throw new IllegalArgumentException(
                        "item has no valid key attribute '"
                                + key
                                + "' (a non-empty string, number or binary is required): "
                                + item);
            }
        }
        return item;
    }
}
