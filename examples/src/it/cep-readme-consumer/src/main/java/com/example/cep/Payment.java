package com.example.cep;

/** core-cep README "Bad input": the decoded event. */
public class Payment {                  // as decoded from JSON: any field may be missing
    public String cardId;
    public long timestamp;
    public Double amount;
    public String type;                 // "PAYMENT", "LOGIN_OK", "LOGIN_FAILED", anything else
    public Double lat;
    public Double lon;
    public Payment() {}
}
