/**
 * The {@code nowcast} command line: one picocli class per command, each parsing its options,
 * calling the package that owns the work and printing the result on stdout. Progress and logs go to
 * stderr, so any command's output can be piped.
 *
 * <p>Failures take one path: commands throw, {@link io.nowcast.cli.ErrorReporter} prints one line
 * {@code <command>: <message>} on stderr (and a stack trace only for a bug), and {@link
 * io.nowcast.cli.ExitCodes} maps the failure to the documented exit code. {@code --help} and {@code
 * --version} come from picocli's standard mixin, inherited from {@link io.nowcast.cli.Nowcast}.
 * Nothing outside this package depends on it (ArchUnit).
 */
package io.nowcast.cli;
