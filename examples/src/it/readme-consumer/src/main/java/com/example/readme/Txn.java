package com.example.readme;

/** The root README's event: a card transaction as producers send it (JSON, a Flink POJO). */
public class Txn {
    public String id;
    public String card;
    public double amount;
    public long eventTime;
    public String type;

    public Txn() {}

    public Txn(String id, String card, double amount, long eventTime) {
        this.id = id;
        this.card = card;
        this.amount = amount;
        this.eventTime = eventTime;
        this.type = "PAYMENT";
    }

    public String id() {
        return id;
    }

    public String card() {
        return card;
    }

    public double amount() {
        return amount;
    }

    public long getEventTime() {
        return eventTime;
    }
}
