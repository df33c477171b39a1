package io.nowcast.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md, docs/*.md and deploy/README.md cite only files the repository holds. */
class DocReferencesTest {

  @Test
  void everyLinkAndCitedPathOfTheDocsExists() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    DocReferences references = new DocReferences(root);
    List<String> dangling = new ArrayList<>();
    for (Path doc : documents(root)) {
      dangling.addAll(references.dangling(doc));
    }

    assertEquals(List.of(), dangling, "references to files that do not exist");
  }

  @Test
  void eachKindOfDanglingReferenceIsFound(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.createDirectories(root.resolve("schemas"));
    Files.writeString(root.resolve("docs/present.md"), "# here\n");
    Path doc =
        Files.writeString(
            root.resolve("docs/page.md"),
            String.join(
                "\n",
                "[fine](present.md#here), [web](https://example.com), [anchor](#top), `schemas/*.avsc`",
                "built as registry-harness/target/app.jar",
                "[gone](absent.md) and ![image](pic.png)",
                "see docs/present.md, and docs/missing.md.",
                "the founding `DESIGN.md`",
                "data in /work/shared/data/ett"));

    List<String> dangling = new DocReferences(root).dangling(doc);

    assertEquals(
        List.of(
            "docs/page.md:3: absent.md",
            "docs/page.md:3: pic.png",
            "docs/page.md:4: docs/missing.md",
            "docs/page.md:5: DESIGN.md",
            "docs/page.md:6: /work/shared/data/ett (a path on one machine, not in the repository)"),
        dangling);
  }

  private static List<Path> documents(Path root) throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(root.resolve("README.md"));
    documents.add(root.resolve("deploy/README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }
}
