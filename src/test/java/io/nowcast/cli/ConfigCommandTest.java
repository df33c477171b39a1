package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.config.ConfigDocs;
import io.nowcast.config.NowcastKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigCommandTest {

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Nowcast.commandLine();
    commandLine.setOut(new PrintWriter(out));
    assertEquals(0, commandLine.execute(args));
    return out.toString();
  }

  @Test
  void printsEveryKeyAsATableByDefault() {
    String output = run("config");

    assertEquals(ConfigDocs.table(NowcastKeys.all()), output);
    assertTrue(
        output.contains("nowcast.input.topics") && output.contains("nowcast.model.seed"), output);
  }

  @Test
  void printsPropertiesAndMarkdownOnRequest() {
    assertEquals(ConfigDocs.properties(NowcastKeys.all()), run("config", "--format", "properties"));
    assertEquals(ConfigDocs.markdown(NowcastKeys.all()), run("config", "--format", "MARKDOWN"));
  }
}
