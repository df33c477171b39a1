package io.nowcast.cli;

import io.nowcast.avro.SensorReading;
import io.nowcast.local.CsvSeries;
import io.nowcast.local.Pacing;
import io.nowcast.local.Replay;
import io.nowcast.serde.AvroSerializer;
import io.nowcast.serde.SerdeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nowcast replay}: a CSV time series onto a topic as SensorReading records. */
@Command(
    name = "replay",
    description = {
      "Replay a CSV time series (with a header row) onto a topic as SensorReading records keyed by"
          + " sensor id, with the registry's Avro serde.",
      "Bad rows are reported on stderr with their line number and skipped; a summary ends the run."
    })
final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CsvColumns input;

  @Option(names = "--topic", required = true, description = "Topic to write to.")
  String topic;

  @ArgGroup(multiplicity = "1")
  Key key;

  @ArgGroup(multiplicity = "0..1")
  Speed speed;

  @Option(
      names = "--shift-to-now",
      description = "Move the whole series so its last point is now (default: original times).")
  boolean shiftToNow;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Kafka bootstrap servers; default bootstrap.servers of --config, else 127.0.0.1:9092.")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      description = "Schema registry URL; default schema.registry.url of --config.")
  String registryUrl;

  @Option(
      names = "--config",
      description = "Kafka-style properties file: producer, security and registry settings.")
  Path config;

  /** Where the sensor id of each row comes from: a constant or a column. */
  static final class Key {
    @Option(names = "--sensor-id", required = true, description = "One sensor id for every row.")
    String sensorId;

    @Option(names = "--key-column", required = true, description = "Column holding the sensor id.")
    String keyColumn;
  }

  /** Pacing; neither option means as fast as possible. */
  static final class Speed {
    @Option(
        names = "--speed",
        required = true,
        description = "Replay X times faster than the original spacing (1 = real time).")
    Double factor;

    @Option(names = "--rate", required = true, description = "Replay N events per second.")
    Double eventsPerSecond;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String prefix = ErrorReporter.prefix(spec.commandLine());
    Replay replay =
        Replay.builder()
            .pacing(pacing())
            .shiftToNow(shiftToNow)
            .problems(problem -> err.println(prefix + problem))
            .build();
    Properties producerConfig = producerConfig();
    try (Producer<String, SensorReading> producer = new KafkaProducer<>(producerConfig)) {
      Replay.Summary summary = replay.run(series(), input.csv, producer, topic);
      err.println(prefix + summary.describe());
      err.flush();
      return ExitCodes.OK;
    }
  }

  private CsvSeries series() {
    return key.sensorId != null ? input.singleSeries(key.sensorId) : input.keyedBy(key.keyColumn);
  }

  private Pacing pacing() {
    if (speed == null) {
      return Pacing.asFastAsPossible();
    }
    try {
      return speed.factor != null ? Pacing.speed(speed.factor) : Pacing.rate(speed.eventsPerSecond);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Properties producerConfig() throws IOException {
    Properties props = new Properties();
    if (config != null) {
      try (Reader reader = Files.newBufferedReader(config)) {
        props.load(reader);
      }
    }
    putIfGiven(props, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    putIfGiven(props, SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    if (!props.containsKey(SerdeConfig.SCHEMA_REGISTRY_URL)) {
      throw new ParameterException(
          spec.commandLine(),
          "No schema registry: pass --registry-url or set schema.registry.url in --config");
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
    return props;
  }

  private static void putIfGiven(Properties props, String key, String value) {
    if (value != null) {
      props.put(key, value);
    }
  }
}
