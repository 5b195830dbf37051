package dev.streamkit.benchmarks.harness;

import java.util.List;

/**
 * A named group of comparisons run by {@code ./bench <suite>}.
 *
 * <p>A suite named {@code windows-sliding} is the class {@code
 * dev.streamkit.benchmarks.suites.WindowsSlidingSuite} with a public no-argument constructor: the
 * runner finds it by name, so adding a suite needs no registration.
 */
public interface Suite {

    /** The comparisons of this suite; {@code quick} asks for smaller workloads and fewer cases. */
    List<BenchCase> cases(boolean quick);
}
