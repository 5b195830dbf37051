package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Manifest;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** What another team's build sees after importing streamkit-bom and declaring the modules. */
class BomConsumerTest {

    @Test
    void everyStreamkitModuleResolvesThroughTheBom() throws Exception {
        List<String> modules = new ArrayList<>();
        Enumeration<URL> manifests =
                getClass().getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (java.io.InputStream in = manifests.nextElement().openStream()) {
                String name =
                        new Manifest(in).getMainAttributes().getValue("Automatic-Module-Name");
                if (name != null && name.startsWith("dev.streamkit.")) {
                    modules.add(name);
                }
            }
        }
        Collections.sort(modules);
        assertEquals(
                List.of(
                        "dev.streamkit.aws",
                        "dev.streamkit.cep",
                        "dev.streamkit.state",
                        "dev.streamkit.windows"),
                modules);
    }

    @Test
    void aFlinkJobRunsOnTheManagedFlinkVersion() throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, config);
        List<Long> sums = new ArrayList<>();
        env.fromData(1L, 2L, 3L, 4L)
                .keyBy(x -> x % 2)
                .reduce(Long::sum)
                .executeAndCollect()
                .forEachRemaining(sums::add);
        Collections.sort(sums);
        assertEquals(List.of(1L, 2L, 4L, 6L), sums);
    }
}
