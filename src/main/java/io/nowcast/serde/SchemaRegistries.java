package io.nowcast.serde;

import java.util.List;
import java.util.Map;

/** Picks the registry implementation a configuration asks for. */
public final class SchemaRegistries {

  /** URL prefix selecting {@link InMemorySchemaRegistry}; the rest of the URL names the scope. */
  public static final String MOCK_PREFIX = "mock://";

  private SchemaRegistries() {}

  /**
   * The registry of {@code schema.registry.url}: in-memory for {@code mock://scope}, REST
   * otherwise.
   */
  public static SchemaRegistry fromConfig(Map<String, ?> config) {
    return fromConfig(new SerdeConfig(config));
  }

  /** As {@link #fromConfig(Map)}, from an already parsed configuration. */
  public static SchemaRegistry fromConfig(SerdeConfig config) {
    List<String> urls = config.registryUrls();
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          "Missing "
              + SerdeConfig.SCHEMA_REGISTRY_URL
              + ": expected http(s)://host:port[/path] (comma-separated for failover) or mock://scope");
    }
    String first = urls.get(0);
    if (first.startsWith(MOCK_PREFIX)) {
      return InMemorySchemaRegistry.forScope(first.substring(MOCK_PREFIX.length()));
    }
    return new RestSchemaRegistry(config);
  }
}
