package io.nowcast.cli;

import io.nowcast.train.NotEnoughDataException;
import picocli.CommandLine.IExitCodeExceptionMapper;

/**
 * The exit codes every command shares (docs/models.md, docs/trainer.md, docs/training.md), and the
 * one mapping from a failure to its code.
 */
final class ExitCodes implements IExitCodeExceptionMapper {

  /** The command did what was asked. */
  static final int OK = 0;

  /** Any failure other than those below: bad input, bad configuration, I/O, Kafka, a bug. */
  static final int ERROR = 1;

  /** The command line itself is wrong: unknown or missing options, bad option values. */
  static final int USAGE = 2;

  /**
   * No key has enough data to train on: a separate code because a scheduler retries it later, while
   * an error needs a person.
   */
  static final int NOT_ENOUGH_DATA = 3;

  @Override
  public int getExitCode(Throwable failure) {
    return failure instanceof NotEnoughDataException ? NOT_ENOUGH_DATA : ERROR;
  }
}
