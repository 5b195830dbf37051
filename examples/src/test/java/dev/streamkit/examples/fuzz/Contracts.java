package dev.streamkit.examples.fuzz;

import java.util.Arrays;
import java.util.Map;

/** The three example jobs' input contracts, as the README states them. */
public final class Contracts {
    private Contracts() {}

    /** Fraud: account events. */
    public static JsonContract accountEvents() {
        return new AccountEvents();
    }

    /** Sessionization: clicks. */
    public static JsonContract clicks() {
        return new Clicks();
    }

    /** IoT: sensor readings. */
    public static JsonContract readings() {
        return new Readings();
    }

    private static final class AccountEvents extends JsonContract {
        private static final long serialVersionUID = 1L;

        AccountEvents() {
            id("eventId");
            id("accountId");
            field("type", Kind.STRING);
            field("timestamp", Kind.LONG);
            field("amount", Kind.DOUBLE);
            field("latitude", Kind.DOUBLE);
            field("longitude", Kind.DOUBLE);
        }

        @Override
        public String idField() {
            return "eventId";
        }

        @Override
        public String violated(Map<String, Object> v) {
            if (!isId(v.get("eventId"))) {
                return "eventId";
            }
            if (!isId(v.get("accountId"))) {
                return "accountId";
            }
            Object type = v.get("type");
            if (!Arrays.asList("transaction", "login_success", "login_failure", "credential_change")
                    .contains(type)) {
                return "type";
            }
            if (!plausibleTime(v.get("timestamp"))) {
                return "timestamp";
            }
            Double amount = (Double) v.get("amount");
            if (amount == null ? "transaction".equals(type) : amount < 0) {
                return "amount";
            }
            Double lat = (Double) v.get("latitude");
            Double lon = (Double) v.get("longitude");
            if ((lat == null) != (lon == null)
                    || lat != null && (Math.abs(lat) > 90 || Math.abs(lon) > 180)) {
                return "latitude";
            }
            return null;
        }
    }

    private static final class Clicks extends JsonContract {
        private static final long serialVersionUID = 1L;

        Clicks() {
            id("eventId");
            id("userId");
            field("timestamp", Kind.LONG);
            field("page", Kind.STRING);
            field("action", Kind.STRING);
        }

        @Override
        public String idField() {
            return "eventId";
        }

        @Override
        public String violated(Map<String, Object> v) {
            if (!isId(v.get("eventId"))) {
                return "eventId";
            }
            if (!isId(v.get("userId"))) {
                return "userId";
            }
            if (!plausibleTime(v.get("timestamp"))) {
                return "timestamp";
            }
            String page = (String) v.get("page");
            if (page == null || page.trim().isEmpty() || page.length() > 2048) {
                return "page";
            }
            return null; // action: optional, any value
        }
    }

    private static final class Readings extends JsonContract {
        private static final long serialVersionUID = 1L;

        Readings() {
            id("readingId");
            id("deviceId");
            field("timestamp", Kind.LONG);
            field("temperature", Kind.DOUBLE);
        }

        @Override
        public String idField() {
            return "readingId";
        }

        @Override
        public String violated(Map<String, Object> v) {
            if (!isId(v.get("readingId"))) {
                return "readingId";
            }
            if (!isId(v.get("deviceId"))) {
                return "deviceId";
            }
            if (!plausibleTime(v.get("timestamp"))) {
                return "timestamp";
            }
            Double t = (Double) v.get("temperature");
            if (t == null || t < -273.15 || t > 1000) {
                return "temperature";
            }
            return null;
        }
    }
}
