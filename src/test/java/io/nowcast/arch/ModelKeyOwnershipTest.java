package io.nowcast.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The models-topic key {@code name@version} is built, parsed and ordered by {@code
 * io.nowcast.model.ModelKey} alone: a second hand-written copy of the format is how a producer and
 * a reader come to disagree. The check reads the main sources for the shapes a hand-made key takes:
 * an {@code "@"} or {@code '@'} literal (concatenation, {@code indexOf}, {@code split}) and a
 * literal glued to a {@code +} by its {@code @} ({@code name + "@3"}, {@code "m@" + version}).
 */
class ModelKeyOwnershipTest {

  private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

  /** Files whose {@code @} belongs to another format, with that format. */
  private static final Map<String, String> OTHER_FORMATS =
      Map.of(
          "io/nowcast/model/ModelKey.java", "the models-topic key itself",
          "io/nowcast/features/FeatureSpec.java",
              "the calendar term's zone, calendar=hour@Europe/Paris",
          "io/nowcast/features/CalendarTerms.java", "the calendar term's zone, written back",
          "io/nowcast/local/EmbeddedKafka.java", "KRaft's controller.quorum.voters, id@host:port");

  private static final Pattern AT_LITERAL = Pattern.compile("\"@\"|'@'");
  private static final Pattern AT_GLUED_TO_PLUS =
      Pattern.compile("\\+\\s*\"@[^\"]*\"|\"[^\"]*@\"\\s*\\+");

  @Test
  void noMainSourceOutsideModelKeyHandlesTheKeyFormat() throws IOException {
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String relative = MAIN_SOURCES.relativize(file).toString().replace('\\', '/');
        if (!OTHER_FORMATS.containsKey(relative)) {
          offendingLines(Files.readString(file))
              .forEach(line -> offences.add(relative + ": " + line));
        }
      }
    }
    assertEquals(
        List.of(),
        offences,
        "build, parse and compare models-topic keys with io.nowcast.model.ModelKey");
  }

  @Test
  void theCheckFindsTheShapesOfAHandMadeKey() {
    assertEquals(
        5,
        offendingLines(
                """
                String key = snapshot.getName() + "@" + snapshot.getVersion();
                String prefix = modelName + "@";
                int at = key.lastIndexOf('@');
                String first = name + "@1";
                String next = "fleet@" + version;
                """)
            .size());
  }

  @Test
  void theCheckLeavesCommentsLogFormatsAndAnnotationsAlone() {
    assertTrue(
        offendingLines(
                """
                /** The key, {@code name@version}. */
                // keyed "name" + "@" + version by ModelKey
                @Override
                LOG.warn("skipping {}-{}@{}: {}", topic, partition, offset, why);
                """)
            .isEmpty());
  }

  /** The code lines (comment lines skipped) that take a shape of a hand-made key. */
  static List<String> offendingLines(String source) {
    List<String> offending = new ArrayList<>();
    for (String line : source.split("\n")) {
      String code = line.strip();
      if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
        continue;
      }
      Matcher literal = AT_LITERAL.matcher(code);
      Matcher glued = AT_GLUED_TO_PLUS.matcher(code);
      if (literal.find() || glued.find()) {
        offending.add(code);
      }
    }
    return offending;
  }
}
