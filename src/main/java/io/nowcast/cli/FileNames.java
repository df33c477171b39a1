package io.nowcast.cli;

import java.nio.file.Path;

/** File-name defaults: a series or model named after the file it came from. */
final class FileNames {

  private FileNames() {}

  /** The file name without its last extension ({@code data/ambient.csv} → {@code ambient}). */
  static String stem(Path file) {
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
