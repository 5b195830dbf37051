package dev.streamkit.cep.example;

/** The README's user event: a card transaction (a Flink POJO). */
public class Txn {
    public String cardId;
    public long timestamp;
    public double amount;

    public Txn() {}

    public Txn(String cardId, long timestamp, double amount) {
        this.cardId = cardId;
        this.timestamp = timestamp;
        this.amount = amount;
    }

    @Override
    public String toString() {
        return cardId + "@" + timestamp + " $" + amount;
    }
}
