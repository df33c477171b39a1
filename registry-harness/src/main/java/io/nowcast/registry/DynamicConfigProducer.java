package io.nowcast.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Provides the one bean of the excluded {@code apicurio-common-app-components-config-index}
 * module, whose Quarkus deployment half is not published on Maven Central. An empty list means
 * "no dynamically configurable properties", which the test registry does not need.
 */
public class DynamicConfigProducer {

  @Produces
  @Singleton
  DynamicConfigPropertyList dynamicConfigProperties() {
    return new DynamicConfigPropertyList(List.of());
  }
}
