package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRunnerTest {
  private static ModelRunner runner() {
    return new ModelRunner(SnapshotValidator.forServing().validate(TestModels.lstmSnapshot()));
  }

  private static List<String> run(String csv, boolean hidden) throws IOException {
    StringWriter out = new StringWriter();
    runner().runCsv(new BufferedReader(new StringReader(csv)), new PrintWriter(out), hidden);
    return out.toString().lines().toList();
  }

  @Test
  void printsValuesThatReadBackToTheSameFloats() throws IOException {
    ModelRunner direct = runner();
    float[] first = direct.step(new float[] {0.5f, -1f, 2f});
    float[] second = direct.step(new float[] {1e-7f, 0f, -3.25f});

    List<String> lines = run("0.5,-1,2\n\n1e-7, 0 ,-3.25\n", false);

    assertEquals(2, lines.size(), "the blank line is skipped");
    assertArrayEquals(first, parse(lines.get(0)));
    assertArrayEquals(second, parse(lines.get(1)));
  }

  @Test
  void hiddenColumnsFollowTheOutputs() throws IOException {
    ModelRunner direct = runner();
    direct.step(new float[] {0.5f, -1f, 2f});
    float[] h = direct.lastHidden();

    float[] row = parse(run("0.5,-1,2", true).get(0));

    assertEquals(2 + 4, row.length);
    assertArrayEquals(h, Arrays.copyOfRange(row, 2, 6));
  }

  @Test
  void nonNumbersAreNamedByLineAndColumn() {
    String message =
        assertThrows(IllegalArgumentException.class, () -> run("1,2,3\n1,x,3\n", false))
            .getMessage();

    assertEquals("input line 2 column 2: expected a number, actual 'x'", message);
  }

  @Test
  void nonFiniteInputsAreRefused() {
    String message =
        assertThrows(IllegalArgumentException.class, () -> run("1,NaN,3\n", false)).getMessage();

    assertEquals("input line 1 column 2: expected a finite number, actual NaN", message);
  }

  private static float[] parse(String line) {
    String[] cells = line.split(",");
    float[] values = new float[cells.length];
    for (int i = 0; i < cells.length; i++) {
      values[i] = Float.parseFloat(cells[i]);
    }
    return values;
  }
}
