package io.nowcast.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A restarted forecaster runs cold (interpreted) code; it must produce the same bits as a warm one.
 */
class FeaturePipelineDeterminismTest {

  @Test
  void interpretedJvmProducesTheSameBitsAsThisWarmJvm() throws IOException, InterruptedException {
    long warm = 0;
    for (int run = 0; run < 20; run++) {
      warm = DeterminismWorkload.hash();
    }

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xint",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DeterminismWorkload.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the interpreted JVM did not finish");

    assertEquals(0, process.exitValue(), "interpreted JVM exit code");
    assertEquals(Long.toString(warm), output);
  }
}
