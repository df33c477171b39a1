package io.nowcast.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for the commands whose {@code --version} sets the version of the model
 * they write ({@code train}, {@code model import}) and so cannot take picocli's standard mixin,
 * which also claims {@code --version}.
 */
final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
