package io.nowcast.nn.kernel;

import java.util.Optional;

/**
 * Decides, once per JVM, whether the kernels may use the incubating Vector API.
 *
 * <p>The module {@code jdk.incubator.vector} is only resolved when the JVM is started with {@code
 * --add-modules jdk.incubator.vector}; without it, touching a class of that module fails with
 * {@link NoClassDefFoundError}. Callers therefore ask {@link #enabled()} before dispatching to a
 * class that references the module.
 */
public final class VectorSupport {

  /**
   * System property that forces the scalar path when set to {@code "false"} (case-insensitive); any
   * other value, or no value, lets the Vector API be used when the module is present. Read once,
   * when this class initialises.
   */
  public static final String PROPERTY = "nowcast.vector";

  private static final String MODULE = "jdk.incubator.vector";
  private static final boolean ENABLED = decide();

  private VectorSupport() {}

  /**
   * True when jdk.incubator.vector is in the boot layer and -Dnowcast.vector is not "false";
   * decided once.
   */
  public static boolean enabled() {
    return ENABLED;
  }

  private static boolean decide() {
    boolean forcedOff = "false".equalsIgnoreCase(System.getProperty(PROPERTY));
    Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
    return module.isPresent() && !forcedOff;
  }
}
