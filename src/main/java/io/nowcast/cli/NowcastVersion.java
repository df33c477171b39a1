package io.nowcast.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar manifest (or "dev" when run from classes). */
public final class NowcastVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Nowcast.class.getPackage().getImplementationVersion();
    return new String[] {"nowcast " + (version == null ? "dev" : version)};
  }
}
