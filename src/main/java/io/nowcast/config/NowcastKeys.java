package io.nowcast.config;

import org.apache.kafka.common.config.ConfigDef;

/** The union of every declared {@code nowcast.*} key: what {@code nowcast config} lists. */
public final class NowcastKeys {

  private NowcastKeys() {}

  /**
   * The shared, forecaster and trainer keys plus {@code extras}. Each process accepts all of them,
   * so one properties file can configure both; a key outside this set is an error.
   */
  public static ConfigDef all(ConfigDef... extras) {
    ConfigDef all = CommonConfig.define(new ConfigDef());
    ForecasterConfig.define(all);
    TrainerConfig.define(all);
    return CommonConfig.merge(all, extras);
  }
}
