package dev.streamkit.cep.example;

/** The README "Bad input" example's event, as decoded from JSON: any field may be missing. */
public class Payment {
    public String cardId;
    public long timestamp;
    public Double amount;
    public String type;
    public Double lat;
    public Double lon;

    public Payment() {}

    public Payment(String cardId, long timestamp, Double amount, String type) {
        this.cardId = cardId;
        this.timestamp = timestamp;
        this.amount = amount;
        this.type = type;
    }

    @Override
    public String toString() {
        return type + "(" + cardId + "@" + timestamp + " " + amount + ")";
    }
}
