package io.nowcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A restarted forecaster runs cold (interpreted) code, possibly without the Vector API; its
 * forecasts, reports and states must be the same bits as those of a warm JVM.
 */
class EngineDeterminismTest {

  @Test
  void coldInterpretedJvmsProduceTheSameRecordsAsThisWarmJvm()
      throws IOException, InterruptedException {
    String warm = "";
    for (int run = 0; run < 10; run++) {
      warm = EngineDeterminismWorkload.digest();
    }
    assertEquals(
        warm,
        digestInChild(List.of("-Xint", "--add-modules", "jdk.incubator.vector")),
        "interpreted, vector");
    assertEquals(
        warm, digestInChild(List.of("-Xint", "-Dnowcast.vector=false")), "interpreted, scalar");
  }

  private static String digestInChild(List<String> flags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            EngineDeterminismWorkload.class.getName()));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the child JVM " + flags + " did not finish");
    assertEquals(0, process.exitValue(), "exit code of the child JVM " + flags);
    return output;
  }
}
