package io.nowcast.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the references in a Markdown file that point at nothing in the repository: relative
 * Markdown links and images, repository paths ({@code src/...}, {@code docs/...}, {@code
 * deploy/...}, {@code scripts/...}, ...) wherever they are written (build outputs under {@code
 * target/} excepted), and Markdown files named in code spans. Machine-local paths ({@code
 * /work/...}) are refused outright: a reader of the repository does not have them.
 */
final class DocReferences {

  private static final Pattern MARKDOWN_LINK =
      Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)[^)]*\\)");

  /** A path from the repository root: one of its top-level folders, then at least one segment. */
  private static final Pattern REPO_PATH =
      Pattern.compile(
          "(?<![\\w./-])(?:src|docs|deploy|scripts|schemas|bin|registry-harness|\\.ci)/[\\w./*<>{}-]*");

  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\s]+\\.md)`");

  private static final Pattern MACHINE_PATH = Pattern.compile("/work/[\\w./-]*");

  /** Characters after which the rest of a path is a placeholder or a pattern, not a name. */
  private static final Pattern PLACEHOLDER = Pattern.compile("[*<>{}]");

  private final Path root;

  DocReferences(Path root) {
    this.root = root;
  }

  /** Each dangling reference of {@code doc} as {@code file:line: reference}. */
  List<String> dangling(Path doc) throws IOException {
    List<String> found = new ArrayList<>();
    List<String> lines = Files.readAllLines(doc);
    for (int i = 0; i < lines.size(); i++) {
      String where = root.relativize(doc.toAbsolutePath()) + ":" + (i + 1) + ": ";
      for (String reference : dangling(doc, lines.get(i))) {
        found.add(where + reference);
      }
    }
    return found;
  }

  private List<String> dangling(Path doc, String line) {
    List<String> found = new ArrayList<>();
    Matcher link = MARKDOWN_LINK.matcher(line);
    while (link.find()) {
      String target = link.group(1);
      if (isLocal(target) && !existsFrom(doc.getParent(), withoutFragment(target))) {
        found.add(target);
      }
    }
    Matcher path = REPO_PATH.matcher(line);
    while (path.find()) {
      String cited = trimTrailingPunctuation(path.group());
      if (!isBuildOutput(cited) && !existsFrom(root, cited)) {
        found.add(cited);
      }
    }
    Matcher span = CODE_SPAN.matcher(line);
    while (span.find()) {
      String cited = span.group(1);
      if (!existsFrom(doc.getParent(), cited) && !existsFrom(root, cited)) {
        found.add(cited);
      }
    }
    Matcher machine = MACHINE_PATH.matcher(line);
    while (machine.find()) {
      found.add(machine.group() + " (a path on one machine, not in the repository)");
    }
    return found;
  }

  /** Files under a {@code target/} folder exist once the build has run, never in the repository. */
  private static boolean isBuildOutput(String path) {
    return path.contains("/target/");
  }

  private static boolean isLocal(String target) {
    return !target.startsWith("#") && !target.matches("[a-zA-Z][\\w+.-]*:.*");
  }

  private static String withoutFragment(String target) {
    int hash = target.indexOf('#');
    return hash < 0 ? target : target.substring(0, hash);
  }

  private static String trimTrailingPunctuation(String path) {
    return path.replaceAll("[.,:;)]+$", "");
  }

  /**
   * Whether {@code reference} exists below {@code base}; for a pattern such as {@code
   * schemas/*.avsc} or {@code target/<run>/}, whether the folder before the pattern does.
   */
  private static boolean existsFrom(Path base, String reference) {
    Matcher placeholder = PLACEHOLDER.matcher(reference);
    String name = reference;
    if (placeholder.find()) {
      String fixed = reference.substring(0, placeholder.start());
      name = fixed.contains("/") ? fixed.substring(0, fixed.lastIndexOf('/')) : "";
    }
    return Files.exists(base.resolve(name));
  }
}
