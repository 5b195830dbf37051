package dev.streamkit.benchmarks.harness;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** Replays a registered {@link Dataset} by index and starts the clock at the first record. */
final class DatasetGenerator<T> implements GeneratorFunction<Long, T> {
    private static final long serialVersionUID = 1L;

    private final int datasetId;
    private transient T[] records;

    DatasetGenerator(int datasetId) {
        this.datasetId = datasetId;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        records = Dataset.records(datasetId);
    }

    @Override
    public T map(Long index) {
        int i = index.intValue();
        if (i == 0) {
            Timing.markStart();
        }
        return records[i];
    }
}
