package dev.streamkit.examples.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.examples.local.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A job's own scenario with mutants of its valid records mixed in: after a valid on-time record
 * (the template) come mutants of it, so a mutant that still decodes has the template's id and event
 * time: it is a duplicate, never late, and never moves the watermark. The plan says, per record,
 * what the job must do with it.
 */
public final class FuzzScenario implements Scenario {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records around the 1 MiB limit: one byte under, at, and one byte over, twice each. */
    private static final int[] PADDED = {
        RecordMutator.MAX_RECORD_BYTES - 1,
        RecordMutator.MAX_RECORD_BYTES,
        RecordMutator.MAX_RECORD_BYTES + 1
    };

    private static final int PADDED_EACH = 2;

    private final Scenario base;
    private final JsonContract contract;
    private final long seed;
    private final int records;

    /** {@code base}'s records plus mutants up to about {@code records} records in all. */
    public FuzzScenario(Scenario base, JsonContract contract, long seed, int records) {
        this.base = base;
        this.contract = contract;
        this.seed = seed;
        this.records = records;
    }

    @Override
    public List<String> records() {
        throw new UnsupportedOperationException("a fuzz scenario has bytes: use payloads()");
    }

    @Override
    public List<byte[]> payloads() {
        return plan().payloads;
    }

    @Override
    public Scenario withoutLateRecords() {
        throw new UnsupportedOperationException("fuzz scenarios keep their late records");
    }

    /** The records and what the job must do with each. */
    public Plan plan() {
        List<String> lines = base.records();
        List<Boolean> templates = new ArrayList<>();
        Plan plan = new Plan();
        plan.hasNumbers = contract.fields().containsValue(JsonContract.Kind.DOUBLE);
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            String outcome = classify(line, seen, plan);
            templates.add("template".equals(outcome));
        }
        long templateCount = templates.stream().filter(t -> t).count();
        double mutantsPerTemplate = (records - lines.size()) / (double) templateCount;

        SplittableRandom random = new SplittableRandom(seed);
        RecordMutator mutator = new RecordMutator(contract, random);
        List<Long> paddedAt = new ArrayList<>();
        for (int i = 0; i < PADDED.length * PADDED_EACH; i++) {
            paddedAt.add(random.nextLong(templateCount));
        }
        long template = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            plan.add(line.getBytes(StandardCharsets.UTF_8), null, null);
            if (!templates.get(i)) {
                continue;
            }
            for (int p = 0; p < paddedAt.size(); p++) {
                if (paddedAt.get(p) == template) {
                    plan.add(mutator.padded(line, PADDED[p % PADDED.length]));
                }
            }
            int mutants = (int) mutantsPerTemplate;
            if (random.nextDouble() < mutantsPerTemplate - mutants) {
                mutants++;
            }
            for (int m = 0; m < mutants; m++) {
                plan.add(mutator.mutate(line));
            }
            template++;
        }
        return plan;
    }

    /** Counts {@code line} of the base scenario in {@code plan}; "template" if it can be one. */
    private String classify(String line, Set<String> seen, Plan plan) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.path("timestamp").isIntegralNumber()) {
            plan.expect(RecordMutator.JSON); // the scenario's own malformed records
            return "malformed";
        }
        plan.expect(RecordMutator.DECODED);
        String id = node.path(contract.idField()).asText();
        if (!seen.add(id)) {
            plan.duplicates++;
            return "duplicate";
        }
        if (id.contains("-late")) {
            plan.late++;
            return "late";
        }
        return "template";
    }

    /** The records and the outcome the job must give each, counted per outcome. */
    public static final class Plan {
        public final List<byte[]> payloads = new ArrayList<>();

        /** Per outcome ({@link RecordMutator}), the number of records that must have it. */
        public final Map<String, Long> expected = new TreeMap<>();

        /** Per mutation (field:kind), how many records it produced. */
        public final Map<String, Long> mutations = new TreeMap<>();

        /** Decoded records that repeat an earlier id: the scenario's and the decodable mutants. */
        public long duplicates;

        /** The scenario's late-by-design records. */
        public long late;

        /** Whether the record type has floating-point fields (NaN and infinities can occur). */
        public boolean hasNumbers;

        void add(RecordMutator.Mutant m) {
            add(m.payload, m.expected, m.mutation);
            if (RecordMutator.DECODED.equals(m.expected)) {
                duplicates++;
            }
        }

        private void add(byte[] payload, String expected, String mutation) {
            payloads.add(payload);
            if (expected != null) {
                expect(expected);
                mutations.merge(mutation, 1L, Long::sum);
            }
        }

        void expect(String outcome) {
            expected.merge(outcome, 1L, Long::sum);
        }

        /** Records that must decode. */
        public long decoded() {
            return expected.getOrDefault(RecordMutator.DECODED, 0L);
        }

        /** Records that must be dead letters, per category. */
        public Map<String, Long> deadLetters() {
            Map<String, Long> dead = new TreeMap<>(expected);
            dead.remove(RecordMutator.DECODED);
            return dead;
        }
    }
}
