package io.nowcast.nn.kernel;

/**
 * Decides once per JVM whether the Vector API fast path may be used. Classes that touch
 * {@code jdk.incubator.vector} are only loaded when this returns true, so the jar also runs on a JVM
 * started without {@code --add-modules jdk.incubator.vector}.
 */
public final class VectorSupport {
  /** System property: {@code -Dnowcast.vector=false} forces the bit-identical scalar path. */
  public static final String PROPERTY = "nowcast.vector";

  private static final boolean ENABLED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));

  private VectorSupport() {}

  /** True when the incubator module is present and not disabled by {@value #PROPERTY}. */
  public static boolean enabled() {
    return ENABLED;
  }
}
