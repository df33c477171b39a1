package io.nowcast.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams' own metrics reach the same registry as ours (no broker needed: they exist from
 * construction).
 */
class KafkaStreamsMetricsBindingTest {

  @TempDir Path stateDir;

  @Test
  void kafkaStreamsMetricsAppearBesideNowcastOnes() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("readings", Consumed.with(Serdes.String(), Serdes.String())).to("copies");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-binding-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NowcastMetrics metrics = new NowcastMetrics(registry);

    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      KafkaStreamsMetrics binder = metrics.bindKafkaStreams(streams);
      String scrape = registry.scrape();
      binder.close();

      assertTrue(scrape.contains("kafka_stream_"), "expected kafka_stream_* meters in:\n" + scrape);
      assertTrue(scrape.contains("nowcast_forecasts_total"));
    }
  }
}
