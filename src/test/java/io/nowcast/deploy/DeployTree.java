package io.nowcast.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the files of a deployment tree ({@code deploy/} in the repository, or a test's snippet).
 */
final class DeployTree {

  /** The repository's deployment files (tests run from the project root). */
  static final Path REPOSITORY = Path.of("deploy");

  private final Path root;

  DeployTree(Path root) {
    this.root = root;
  }

  static DeployTree repository() {
    return new DeployTree(REPOSITORY);
  }

  /** Every {@code *.yml} and {@code *.yaml} file below the root (or below {@code sub}), sorted. */
  List<Path> yamlFiles(String... sub) {
    return files(root.resolve(Path.of("", sub)), ".yml", ".yaml");
  }

  /** Every {@code *.properties} file below the root, sorted. */
  List<Path> propertiesFiles() {
    return files(root, ".properties");
  }

  /**
   * Every file below the root that may name environment variables (YAML, properties, Dockerfiles).
   */
  List<Path> configurationFiles() {
    return files(root, ".yml", ".yaml", ".properties", "Dockerfile");
  }

  /**
   * The non-empty YAML documents of {@code file}, as SnakeYAML builds them (maps, lists, scalars),
   * with merge keys resolved and duplicate keys refused.
   */
  static List<Object> documents(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Object> documents = new ArrayList<>();
    for (Object document : yaml.loadAll(read(file))) {
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  /** The one document of {@code file} as a map; fails naming the file otherwise. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> singleMap(Path file) {
    List<Object> documents = documents(file);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
      throw new IllegalArgumentException(
          file + ": expected one YAML mapping, found " + documents.size() + " document(s)");
    }
    return (Map<String, Object>) documents.get(0);
  }

  static Properties properties(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir, String... suffixes) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> endsWithAny(file.getFileName().toString(), suffixes))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean endsWithAny(String name, String... suffixes) {
    return Stream.of(suffixes).anyMatch(name::endsWith);
  }
}
