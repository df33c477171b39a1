package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Bad options end {@code nowcast demo} with exit code 1 and one line naming them, before anything
 * starts.
 */
class DemoCommandTest {

  @Test
  void aBadDurationIsNamedWithTheAcceptedForms() {
    StringWriter err = new StringWriter();
    int exit =
        Nowcast.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("demo", "--duration", "soon");
    assertEquals(1, exit);
    assertTrue(
        err.toString().startsWith("demo: duration 'soon': expected a whole number"),
        err.toString());
  }

  @Test
  void aBadSpeedOrPortIsNamed() {
    StringWriter err = new StringWriter();
    assertEquals(
        1,
        Nowcast.commandLine().setErr(new PrintWriter(err, true)).execute("demo", "--speed", "0"));
    assertTrue(
        err.toString().contains("speed must be a positive finite factor, was 0.0"), err.toString());
    assertEquals(
        1,
        Nowcast.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("demo", "--port", "70000"));
    assertTrue(err.toString().contains("port must be 0..65535, was 70000"), err.toString());
  }
}
