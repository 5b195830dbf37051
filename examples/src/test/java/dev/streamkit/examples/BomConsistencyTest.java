package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM is hand-written and sits outside the build parent (so it leaks nothing): this keeps it
 * from drifting away from the versions the build actually tests.
 */
class BomConsistencyTest {
    /** Modules that are built but not published as libraries. */
    private static final List<String> NOT_PUBLISHED =
            List.of(
                    "streamkit-bom",
                    "streamkit-examples",
                    "streamkit-benchmarks",
                    "streamkit-connectors-aws-e2e-tests",
                    "streamkit-bom-flink2",
                    "streamkit-benchmarks-flink2",
                    "streamkit-flink2-upgrade-writer",
                    "streamkit-flink2-upgrade-tests");

    /** The Flink 2.2 line's aggregator: its libraries are managed by streamkit-bom-flink2. */
    private static final String FLINK2 = "flink2";

    private static File base;

    private static Document root;
    private static Document bom;

    @BeforeAll
    static void parse() throws Exception {
        base = new File(System.getProperty("user.dir")).getParentFile();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        root = factory.newDocumentBuilder().parse(new File(base, "pom.xml"));
        bom = factory.newDocumentBuilder().parse(new File(base, "bom/pom.xml"));
    }

    @Test
    void bomHasNoParentSoImportingItLeaksNothing() {
        assertThat(bom.getDocumentElement().getElementsByTagName("parent").getLength()).isZero();
        assertThat(childText(bom.getDocumentElement(), "packaging")).isEqualTo("pom");
        assertThat(bom.getDocumentElement().getElementsByTagName("dependencies").getLength())
                .as("a BOM only manages versions")
                .isEqualTo(1);
    }

    @Test
    void bomManagesEveryLibraryModuleAndNothingUnpublished() throws Exception {
        List<String> libraries = new ArrayList<>();
        collectLibraries(base, libraries);
        assertThat(libraries).noneMatch(a -> a.endsWith("-flink2"));
        assertThat(libraries)
                .as("the per-service connector artifacts")
                .contains(
                        "streamkit-connectors-aws-base",
                        "streamkit-connectors-aws-kinesis",
                        "streamkit-connectors-aws-dynamodb",
                        "streamkit-connectors-aws-opensearch")
                .doesNotContain("streamkit-connectors-aws", "streamkit-connectors-aws-parent");
        List<String> managed = new ArrayList<>();
        for (Element dependency : managedDependencies(bom)) {
            if ("dev.streamkit".equals(childText(dependency, "groupId"))) {
                managed.add(childText(dependency, "artifactId"));
            }
        }
        assertThat(libraries).isNotEmpty();
        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
    }

    @Test
    void bomVersionsEqualTheVersionsTheBuildTests() {
        Map<String, String> rootProperties = properties(root);
        Map<String, String> bomProperties = properties(bom);
        assertThat(bomProperties.get("streamkit.version"))
                .isEqualTo(childText(root.getDocumentElement(), "version"));
        for (String key :
                List.of(
                        "flink.version",
                        "flink.connector.kinesis.version",
                        "flink.connector.dynamodb.version",
                        "flink.connector.opensearch.version",
                        "kinesisanalytics.runtime.version",
                        "aws.sdk.version",
                        "guava.version")) {
            assertThat(bomProperties.get(key))
                    .as(key)
                    .isNotNull()
                    .isEqualTo(rootProperties.get(key));
        }
    }

    @Test
    void everyArtifactTheBomManagesIsManagedByTheBuildAtTheSameVersion() {
        Map<String, String> rootVersions = new HashMap<>();
        Map<String, String> rootProperties = properties(root);
        rootProperties.put("project.version", childText(root.getDocumentElement(), "version"));
        for (Element dependency : managedDependencies(root)) {
            rootVersions.put(
                    coordinates(dependency),
                    resolve(childText(dependency, "version"), rootProperties));
        }
        Map<String, String> bomProperties = properties(bom);
        for (Element dependency : managedDependencies(bom)) {
            String key = coordinates(dependency);
            String version = resolve(childText(dependency, "version"), bomProperties);
            assertThat(rootVersions).as("root pom manages %s", key).containsKey(key);
            assertThat(version).as(key).isEqualTo(rootVersions.get(key));
        }
    }

    @Test
    void flink2BomManagesExactlyTheFlink2LibrariesAtTheVersionsTheBuildTests() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document flink2 = factory.newDocumentBuilder().parse(new File(base, "flink2/pom.xml"));
        Document bom2 = factory.newDocumentBuilder().parse(new File(base, "flink2/bom/pom.xml"));
        assertThat(bom2.getDocumentElement().getElementsByTagName("parent").getLength()).isZero();
        List<String> libraries = new ArrayList<>();
        collectLibraries(new File(base, FLINK2), libraries);
        assertThat(libraries)
                .containsExactlyInAnyOrder(
                        "streamkit-core-common-flink2",
                        "streamkit-core-windows-flink2",
                        "streamkit-core-state-flink2",
                        "streamkit-core-cep-flink2");
        List<String> managed = new ArrayList<>();
        for (Element dependency : managedDependencies(bom2)) {
            if ("dev.streamkit".equals(childText(dependency, "groupId"))) {
                managed.add(childText(dependency, "artifactId"));
            }
        }
        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
        Map<String, String> bomProperties = properties(bom2);
        assertThat(bomProperties.get("streamkit.version"))
                .isEqualTo(childText(root.getDocumentElement(), "version"));
        assertThat(bomProperties.get("flink.version"))
                .as("flink.version of the 2.2 line")
                .startsWith("2.2.")
                .isEqualTo(properties(flink2).get("flink.version"));
        assertThat(bomProperties.get("guava.version"))
                .isEqualTo(properties(root).get("guava.version"));
    }

    /**
     * The artifactIds of the jar modules under {@code dir}, walking aggregators (packaging {@code
     * pom}, e.g. connectors-aws) down to their modules.
     */
    private static void collectLibraries(File dir, List<String> libraries) throws Exception {
        Document pom =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new File(dir, "pom.xml"));
        Element project = pom.getDocumentElement();
        NodeList modules = project.getElementsByTagName("module");
        if ("pom".equals(childText(project, "packaging"))) {
            for (int i = 0; i < modules.getLength(); i++) {
                String module = modules.item(i).getTextContent().trim();
                if (dir.equals(base) && module.equals(FLINK2)) {
                    continue; // the 2.2 line has its own BOM (checked below)
                }
                collectLibraries(new File(dir, module), libraries);
            }
            return;
        }
        String artifactId = childText(project, "artifactId");
        if (!NOT_PUBLISHED.contains(artifactId)) {
            libraries.add(artifactId);
        }
    }

    private static String coordinates(Element dependency) {
        String type = childText(dependency, "type");
        return childText(dependency, "groupId")
                + ":"
                + childText(dependency, "artifactId")
                + (type == null ? "" : ":" + type);
    }

    private static String resolve(String value, Map<String, String> properties) {
        if (value != null && value.startsWith("${") && value.endsWith("}")) {
            String key = value.substring(2, value.length() - 1);
            return properties.getOrDefault(key, value);
        }
        return value;
    }

    private static List<Element> managedDependencies(Document pom) {
        List<Element> result = new ArrayList<>();
        Element management =
                (Element)
                        pom.getDocumentElement()
                                .getElementsByTagName("dependencyManagement")
                                .item(0);
        NodeList dependencies = management.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            result.add((Element) dependencies.item(i));
        }
        return result;
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> result = new HashMap<>();
        Element properties =
                (Element) pom.getDocumentElement().getElementsByTagName("properties").item(0);
        NodeList children = properties.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                result.put(child.getNodeName(), child.getTextContent().trim());
            }
        }
        return result;
    }

    private static String childText(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.ELEMENT_NODE && child.getNodeName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }
}
