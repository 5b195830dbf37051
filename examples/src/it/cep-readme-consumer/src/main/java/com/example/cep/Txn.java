package com.example.cep;

/** core-cep README: the user event. */
public class Txn {                       // your event, a Flink POJO
    public String cardId;
    public long timestamp;
    public double amount;
    public Txn() {}
}
