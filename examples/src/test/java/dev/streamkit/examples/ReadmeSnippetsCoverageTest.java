package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The root README's Java blocks are compiled and run by the readme-consumer project
 * (src/it/readme-consumer, run by the invoker in {@code verify}), which imports the BOM and
 * declares exactly the dependencies the README tells a reader to declare. This test keeps the two
 * in step: every ```java block of README.md must appear in the consumer's sources, whitespace
 * aside, and the README's dependency block must name exactly the consumer's non-test dependencies,
 * so a README edit that is not compiled with what it says fails the build.
 */
class ReadmeSnippetsCoverageTest {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    static List<String> javaBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (current == null && line.trim().equals("```java")) {
                current = new StringBuilder();
            } else if (current != null && line.trim().equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    static String squeeze(String code) {
        return code.replaceAll("\\s+", "");
    }

    @Test
    void everyJavaBlockOfTheRootReadmeIsCompiledByTheReadmeConsumer() throws IOException {
        Path consumer = ROOT.resolve("examples/src/it/readme-consumer/src");
        String sources;
        try (Stream<Path> files = Files.walk(consumer)) {
            sources =
                    files.filter(p -> p.toString().endsWith(".java"))
                            .map(
                                    p -> {
                                        try {
                                            return Files.readString(p);
                                        } catch (IOException e) {
                                            throw new IllegalStateException(e);
                                        }
                                    })
                            .map(ReadmeSnippetsCoverageTest::squeeze)
                            .collect(Collectors.joining("\n"));
        }
        List<String> blocks = javaBlocks(ROOT.resolve("README.md"));
        assertThat(blocks).as("README.md has Java blocks").hasSizeGreaterThanOrEqualTo(2);
        for (String block : blocks) {
            assertThat(sources)
                    .as("README.md block not compiled by the readme consumer:%n%s", block)
                    .contains(squeeze(block));
        }
    }

    /** The artifactIds of the non-test, non-import dependencies in {@code xml}. */
    static Set<String> declared(String xml) {
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(xml);
        while (m.find()) {
            String dep = m.group(1);
            if (dep.contains("<scope>test</scope>") || dep.contains("<scope>import</scope>")) {
                continue;
            }
            Matcher id = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(dep);
            if (id.find()) {
                ids.add(id.group(1).trim());
            }
        }
        return ids;
    }

    @Test
    void theReadmeConsumerDeclaresExactlyTheReadmesDependencies() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section =
                readme.substring(
                        readme.indexOf("## Add Streamkit to your build"),
                        readme.indexOf(
                                "## ", readme.indexOf("## Add Streamkit to your build") + 3));
        String block = section.substring(section.indexOf("```xml"));
        block = block.substring(0, block.indexOf("```", 6));
        String pom = Files.readString(ROOT.resolve("examples/src/it/readme-consumer/pom.xml"));
        Set<String> inReadme = declared(block);
        assertThat(inReadme).contains("streamkit-core-windows", "flink-streaming-java");
        assertThat(declared(pom)).isEqualTo(inReadme);
    }
}
