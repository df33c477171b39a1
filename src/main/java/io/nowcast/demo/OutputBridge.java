package io.nowcast.demo;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.web.dashboard.DashboardFeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the forecaster writes (forecasts and accuracy reports) and hands it to the dashboard
 * feed, keeping the newest accuracy report per sensor for the terminal summary. A plain consumer
 * rather than a hook in the forecaster: the forecaster runs exactly as in production, and the
 * dashboard shows only what really reached the output topics.
 */
final class OutputBridge implements Runnable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroSerde<Forecast> forecasts;
  private final AvroSerde<AccuracyReport> reports;
  private final String forecastTopic;
  private final String accuracyTopic;
  private final DashboardFeed feed;
  private final AtomicLong forecastCount = new AtomicLong();
  private final Map<String, AccuracyReport> latestAccuracy = new ConcurrentHashMap<>();

  OutputBridge(
      String bootstrap,
      Map<String, ?> registryConfig,
      String forecastTopic,
      String accuracyTopic,
      DashboardFeed feed) {
    this.consumer =
        new KafkaConsumer<>(
            consumerProperties(bootstrap), new StringDeserializer(), new ByteArrayDeserializer());
    this.forecasts = NowcastSerdes.specific(Forecast.class, registryConfig, false);
    this.reports = NowcastSerdes.specific(AccuracyReport.class, registryConfig, false);
    this.forecastTopic = forecastTopic;
    this.accuracyTopic = accuracyTopic;
    this.feed = feed;
  }

  private static Properties consumerProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // No group: the demo reads its own fresh topics from the start and commits nothing.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return props;
  }

  /** Polls until {@link #stop()}; closes the consumer on the way out. */
  @Override
  public void run() {
    try {
      consumer.assign(
          List.of(new TopicPartition(forecastTopic, 0), new TopicPartition(accuracyTopic, 0)));
      while (!Thread.currentThread().isInterrupted()) {
        consumer.poll(POLL).forEach(this::dispatch);
      }
    } catch (WakeupException e) {
      // stop() asked us to leave the poll loop.
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    if (record.topic().equals(forecastTopic)) {
      feed.onForecast(forecasts.deserializer().deserialize(record.topic(), record.value()));
      forecastCount.incrementAndGet();
    } else {
      AccuracyReport report = reports.deserializer().deserialize(record.topic(), record.value());
      latestAccuracy.put(report.getSensorId(), report);
      feed.onAccuracy(report);
    }
  }

  /** Makes {@link #run()} return soon; safe from any thread. */
  void stop() {
    consumer.wakeup();
  }

  /** Forecasts read so far. */
  long forecastCount() {
    return forecastCount.get();
  }

  /** The newest accuracy report of every sensor that has one. */
  Map<String, AccuracyReport> latestAccuracy() {
    return Map.copyOf(latestAccuracy);
  }
}
