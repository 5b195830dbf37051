package dev.streamkit.aws.kinesis.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.apache.flink.annotation.Internal;

/**
 * Jackson deserializers for {@code double}/{@code float} (primitive and boxed) that reject NaN and
 * infinities, however they were written ({@code "NaN"}, {@code 1e400}, ...). They extend Jackson's
 * own, so null handling (including FAIL_ON_NULL_FOR_PRIMITIVES) is unchanged.
 */
@Internal
public final class FiniteNumbers {

    private FiniteNumbers() {}

    /** Thrown for a NaN or infinite value; the decoder reports it as NON_FINITE_NUMBER. */
    @Internal
    public static final class NonFiniteNumberException extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        NonFiniteNumberException(JsonParser p, String msg) {
            super(p, msg);
        }
    }

    /** A Jackson module rejecting NaN and infinite values of double and float properties. */
    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("streamkit-finite-numbers");
        m.addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0));
        m.addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        m.addDeserializer(Float.TYPE, new FiniteFloat(Float.TYPE, 0.0f));
        m.addDeserializer(Float.class, new FiniteFloat(Float.class, null));
        return m;
    }

    private static NonFiniteNumberException nonFinite(JsonParser p, Object value) {
        String field;
        try {
            field = p.currentName();
        } catch (IOException | RuntimeException e) {
            field = null;
        }
        return new NonFiniteNumberException(
                p,
                "non-finite number "
                        + value
                        + (field == null ? "" : " for property '" + field + "'")
                        + " (NaN and infinities are rejected; see nonFiniteNumbers)");
    }

    private static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        private static final long serialVersionUID = 1L;

        FiniteDouble(Class<Double> cls, Double nullValue) {
            super(cls, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double v = super.deserialize(p, ctxt);
            if (v != null && (v.isNaN() || v.isInfinite())) {
                throw nonFinite(p, v);
            }
            return v;
        }
    }

    private static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {
        private static final long serialVersionUID = 1L;

        FiniteFloat(Class<Float> cls, Float nullValue) {
            super(cls, nullValue);
        }

        @Override
        public Float deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Float v = super.deserialize(p, ctxt);
            if (v != null && (v.isNaN() || v.isInfinite())) {
                throw nonFinite(p, v);
            }
            return v;
        }
    }
}
