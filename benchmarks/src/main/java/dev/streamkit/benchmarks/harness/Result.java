package dev.streamkit.benchmarks.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Medians of one case on one backend: ours, the baseline, and their ratio from the same run. */
@JsonPropertyOrder({"suite", "case", "backend", "ours_eps", "baseline", "baseline_eps", "ratio"})
public final class Result {
    @JsonProperty("suite")
    public final String suite;

    @JsonProperty("case")
    public final String caseName;

    @JsonProperty("backend")
    public final String backend;

    @JsonProperty("ours_eps")
    public final double oursEps;

    @JsonProperty("baseline")
    public final String baseline;

    @JsonProperty("baseline_eps")
    public final double baselineEps;

    @JsonProperty("ratio")
    public final double ratio;

    Result(
            String suite,
            String caseName,
            String backend,
            double oursEps,
            String baseline,
            double baselineEps) {
        this.suite = suite;
        this.caseName = caseName;
        this.backend = backend;
        this.oursEps = oursEps;
        this.baseline = baseline;
        this.baselineEps = baselineEps;
        this.ratio = oursEps / baselineEps;
    }
}
