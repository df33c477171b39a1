package io.nowcast.config;

import org.apache.kafka.common.config.ConfigDef;

/** Declares keys of one group into a {@link ConfigDef} in order, with the fields we always set. */
final class KeyDeclarer {

  private final ConfigDef definition;
  private final String group;
  private int order;

  KeyDeclarer(ConfigDef definition, String group) {
    this.definition = definition;
    this.group = group;
  }

  void add(
      String name,
      ConfigDef.Type type,
      Object defaultValue,
      ConfigDef.Validator validator,
      String doc) {
    definition.define(
        name,
        type,
        defaultValue,
        validator,
        ConfigDef.Importance.MEDIUM,
        doc,
        group,
        ++order,
        ConfigDef.Width.NONE,
        name);
  }
}
