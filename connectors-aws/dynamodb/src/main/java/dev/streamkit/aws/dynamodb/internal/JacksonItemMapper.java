package dev.streamkit.aws.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.dynamodb.ItemMapper;
import dev.streamkit.aws.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a record to an item through its Jackson JSON tree: strings to S, numbers to N (plain decimal
 * notation), booleans to BOOL, binary to B, arrays to L, objects to M. Null properties are left out
 * of the item.
 */
@Internal
public final class JacksonItemMapper<T> implements ItemMapper<T> {

    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;

    @Override
    public Map<String, AttributeValue> toItem(T record) {
        if (mapper == null) {
            mapper = Json.newMapper(false);
        }
        JsonNode tree = mapper.valueToTree(record);
        if (!tree.isObject()) {
            throw new IllegalArgumentException(
                    "a record must map to a JSON object to become an item, "
                            + record.getClass().getName()
                            + " maps to "
                            + tree.getNodeType());
        }
        return toMap(tree);
    }

    private static Map<String, AttributeValue> toMap(JsonNode object) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getValue().isNull() && !f.getValue().isMissingNode()) {
                item.put(f.getKey(), toAttribute(f.getValue()));
            }
        }
        return item;
    }

    static AttributeValue toAttribute(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return AttributeValue.fromS(node.textValue());
            case NUMBER:
                if (node.isFloatingPointNumber()
                        && (Double.isNaN(node.doubleValue())
                                || Double.isInfinite(node.doubleValue()))) {
                    throw new IllegalArgumentException(
                            "DynamoDB numbers cannot be NaN or infinite: " + node);
                }
                return AttributeValue.fromN(node.decimalValue().toPlainString());
            case BOOLEAN:
                return AttributeValue.fromBool(node.booleanValue());
            case BINARY:
                try {
                    return AttributeValue.fromB(SdkBytes.fromByteArray(node.binaryValue()));
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException(e);
                }
            case ARRAY:
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : node) {
                    list.add(
                            element.isNull() ? AttributeValue.fromNul(true) : toAttribute(element));
                }
                return AttributeValue.fromL(list);
            case OBJECT:
            case POJO:
                return AttributeValue.fromM(toMap(node));
            default:
                return AttributeValue.fromNul(true);
        }
    }
}
