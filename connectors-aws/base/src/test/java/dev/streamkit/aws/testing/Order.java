package dev.streamkit.aws.testing;

import java.util.Objects;

/** The test event type: a Flink POJO that Jackson reads and writes. */
public class Order {
    private String orderId;
    private String customerId;
    private double amount;
    private long eventTime;

    public Order() {}

    public Order(String orderId, String customerId, double amount, long eventTime) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.amount = amount;
        this.eventTime = eventTime;
    }

    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    public double getAmount() {
        return amount;
    }

    public void setAmount(double amount) {
        this.amount = amount;
    }

    public long getEventTime() {
        return eventTime;
    }

    public void setEventTime(long eventTime) {
        this.eventTime = eventTime;
    }

    public String toJson() {
        return "{\"orderId\":\""
                + orderId
                + "\",\"customerId\":\""
                + customerId
                + "\",\"amount\":"
                + amount
                + ",\"eventTime\":"
                + eventTime
                + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Order)) {
            return false;
        }
        Order that = (Order) o;
        return Double.compare(amount, that.amount) == 0
                && eventTime == that.eventTime
                && Objects.equals(orderId, that.orderId)
                && Objects.equals(customerId, that.customerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, customerId, amount, eventTime);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
