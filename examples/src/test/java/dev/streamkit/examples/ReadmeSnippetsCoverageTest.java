package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every README's Java blocks are compiled with exactly the dependencies that README tells a reader
 * to declare. A README's reader is an invoker project under src/it (run by the invoker in {@code
 * verify}) that imports the BOM, declares exactly the README's dependencies and compiles (and
 * exercises) its blocks. This test keeps each README and its reader in step: every ```java block of
 * the README must appear in the reader's sources, whitespace aside, and the dependencies of the
 * README's ```xml blocks must be exactly the reader's non-test dependencies, so a README edit that
 * is not compiled with what it says fails the build. Every README with Java blocks must be in
 * {@link #READERS}.
 */
class ReadmeSnippetsCoverageTest {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    /** README (relative to the repository root) -> its reader project under examples/src/it. */
    static final Map<String, String> READERS = new LinkedHashMap<>();

    static {
        READERS.put("README.md", "readme-consumer");
        READERS.put("core-cep/README.md", "cep-readme-consumer");
        READERS.put("connectors-aws/README.md", "aws-readme-consumer");
        READERS.put("core-windows/README.md", "windows-readme-consumer");
        READERS.put("core-state/README.md", "state-readme-consumer");
    }

    static Stream<String> readmes() {
        return READERS.keySet().stream();
    }

    /** The contents of the blocks fenced by {@code ```<lang>} in {@code markdown}. */
    static List<String> blocks(Path markdown, String lang) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (current == null && line.trim().equals("```" + lang)) {
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

    static List<String> javaBlocks(Path markdown) throws IOException {
        return blocks(markdown, "java");
    }

    static String squeeze(String code) {
        return code.replaceAll("\\s+", "");
    }

    /** Every .java file under {@code dir}, whitespace removed, one per line. */
    static String squeezedSources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java"))
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
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmes")
    void everyJavaBlockOfTheReadmeIsCompiledByItsReader(String readme) throws IOException {
        Path reader = ROOT.resolve("examples/src/it").resolve(READERS.get(readme));
        String sources = squeezedSources(reader.resolve("src"));
        List<String> blocks = javaBlocks(ROOT.resolve(readme));
        assertThat(blocks).as("%s has Java blocks", readme).isNotEmpty();
        for (String block : blocks) {
            assertThat(sources.contains(squeeze(block)))
                    .as("%s block not compiled by %s:%n%s", readme, reader, block)
                    .isTrue();
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmes")
    void theReaderDeclaresExactlyTheReadmesDependencies(String readme) throws IOException {
        Set<String> inReadme = new TreeSet<>();
        for (String xml : blocks(ROOT.resolve(readme), "xml")) {
            inReadme.addAll(declared(xml));
        }
        assertThat(inReadme)
                .as("%s tells the reader what to declare", readme)
                .anyMatch(id -> id.startsWith("streamkit-"))
                .contains("flink-streaming-java");
        String pom =
                Files.readString(
                        ROOT.resolve("examples/src/it")
                                .resolve(READERS.get(readme))
                                .resolve("pom.xml"));
        assertThat(declared(pom)).as("%s's reader", readme).isEqualTo(inReadme);
    }

    @Test
    void theRootReadmesDependenciesAreTheOnesOfItsBuildSection() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Add Streamkit to your build");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 3));
        assertThat(section).contains("```xml");
        assertThat(declared(section)).contains("streamkit-core-windows", "flink-streaming-java");
    }

    @Test
    void everyReadmeWithJavaBlocksIsChecked() throws IOException {
        List<String> withJava = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path p :
                    files.filter(p -> p.getFileName().toString().equals("README.md"))
                            .filter(
                                    p -> {
                                        String s = ROOT.relativize(p).toString();
                                        return !s.contains("node_modules")
                                                && !s.contains("target")
                                                && !s.startsWith(".");
                                    })
                            .collect(Collectors.toList())) {
                if (!javaBlocks(p).isEmpty()) {
                    withJava.add(ROOT.relativize(p).toString().replace('\\', '/'));
                }
            }
        }
        assertThat(withJava).contains("README.md", "connectors-aws/README.md");
        for (String readme : withJava) {
            assertThat(READERS)
                    .as("%s has Java blocks but no reader project", readme)
                    .containsKey(readme);
        }
    }
}
