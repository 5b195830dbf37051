package com.example.aws;

/** The README's login event (input contracts section): a Flink POJO. */
public class Login {
    private String accountId;
    private String type;
    private long timestamp;

    public Login() {}

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }
}
