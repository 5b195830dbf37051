package dev.streamkit.examples.fraud;

/**
 * Rolling velocity features of an account over the last hour, updated every minute: the latest risk
 * per account that the fraud job upserts to DynamoDB.
 */
public class RiskFeatures {
    public String accountId;

    /** End of the hour the features cover, epoch milliseconds. */
    public long windowEnd;

    public long transactions;
    public double amount;
    public double maxAmount;

    public RiskFeatures() {}

    public RiskFeatures(
            String accountId, long windowEnd, long transactions, double amount, double maxAmount) {
        this.accountId = accountId;
        this.windowEnd = windowEnd;
        this.transactions = transactions;
        this.amount = amount;
        this.maxAmount = maxAmount;
    }

    @Override
    public String toString() {
        return accountId
                + " @"
                + windowEnd
                + ": "
                + transactions
                + " txns, "
                + amount
                + " total, max "
                + maxAmount;
    }
}
