package io.nowcast.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One run of the real command line ({@link Nowcast#commandLine()}) with stdout and stderr captured.
 */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Nowcast.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
