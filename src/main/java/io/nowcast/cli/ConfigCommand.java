package io.nowcast.cli;

import io.nowcast.config.ConfigDocs;
import io.nowcast.config.NowcastKeys;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast config}: prints every declared {@code nowcast.*} key. */
@Command(
    name = "config",
    description =
        "Prints every nowcast.* configuration key: name, type, default, valid values, doc.")
final class ConfigCommand implements Callable<Integer> {

  /** Output layouts of {@code --format}. */
  enum Format {
    /** Aligned columns for a terminal. */
    TABLE,
    /** A commented properties file with every default, ready to edit. */
    PROPERTIES,
    /** The Markdown table of docs/configuration.md. */
    MARKDOWN
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Layout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    ConfigDef keys = NowcastKeys.all();
    String text =
        switch (format) {
          case TABLE -> ConfigDocs.table(keys);
          case PROPERTIES -> ConfigDocs.properties(keys);
          case MARKDOWN -> ConfigDocs.markdown(keys);
        };
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
