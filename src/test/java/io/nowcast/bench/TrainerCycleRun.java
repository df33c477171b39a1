package io.nowcast.bench;

import io.nowcast.avro.SensorReading;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.CsvSeries;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.local.Replay;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.ProgressListener;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.TrainerService;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The trainer service's figure (docs/trainer.md, Figures): replays the first rows of a one-series
 * CSV (ETTh1's training split by default) into an embedded broker, then runs one trainer cycle
 * exactly as {@code nowcast trainer --once} does ({@link TrainerService#runCycle()}: read the
 * window, train, score, calibrate, publish) and prints the cycle's wall time and effective training
 * GFLOP/s. Not a test: the ETT files may not be committed (CC BY-ND), so the path is an argument.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat cp.txt) \
 *   io.nowcast.bench.TrainerCycleRun /path/to/ETTh1.csv [key=value ...]
 * </pre>
 *
 * <p>Each {@code key=value} overrides a trainer key ({@code nowcast config} lists them), e.g.
 * {@code nowcast.model.epochs=20 nowcast.model.patience=3}; the run's defaults are LSTM 64 × 2 (one
 * network: {@code nowcast.model.ensemble=1}) on one thread, horizon 24, a 400-day history window
 * and the declared defaults otherwise. Three keys describe the CSV instead: {@value #ROWS} (data
 * rows replayed, default 8640: ETT's training split), {@value #TIME_COLUMN} (default {@code date})
 * and {@value #VALUE_COLUMN} (default {@code OT}). Broker, registry ({@code mock://}) and trainer
 * share the JVM, as in the figures of {@code docs/trainer.md}.
 */
public final class TrainerCycleRun {

  /** Data rows of the CSV replayed (after the header). */
  static final String ROWS = "bench.rows";

  /** The CSV's timestamp column. */
  static final String TIME_COLUMN = "bench.time.column";

  /** The CSV's value column. */
  static final String VALUE_COLUMN = "bench.value.column";

  private static final String TOPIC = "bench-readings";

  private TrainerCycleRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: TrainerCycleRun CSV [key=value ...]   e.g. TrainerCycleRun ETTh1.csv "
              + "nowcast.model.epochs=20 nowcast.model.patience=3");
      System.exit(2);
    }
    Map<String, String> options = defaults();
    for (int i = 1; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "argument " + (i + 1) + ": expected key=value, got '" + args[i] + "'");
      }
      options.put(args[i].substring(0, equals).trim(), args[i].substring(equals + 1).trim());
    }
    String csv = head(Path.of(args[0]), Integer.parseInt(options.remove(ROWS)));
    String registry = "mock://trainer-cycle-run-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(TOPIC, 1, Map.of());
      Replay.Summary replayed =
          replay(kafka, registry, csv, options.remove(TIME_COLUMN), options.remove(VALUE_COLUMN));
      System.out.println("replayed: " + replayed.describe());
      options.put("bootstrap.servers", kafka.bootstrapServers());
      options.put(SerdeConfig.SCHEMA_REGISTRY_URL, registry);
      printCycle(new TrainerConfig(options, SerdeConfig.CONFIG_DEF));
    } finally {
      InMemorySchemaRegistry.dropScope(registry.substring("mock://".length()));
    }
  }

  private static Map<String, String> defaults() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put(ROWS, "8640");
    options.put(TIME_COLUMN, "date");
    options.put(VALUE_COLUMN, "OT");
    options.put(TrainerConfig.INPUT_TOPICS, TOPIC);
    options.put(TrainerConfig.MODELS_TOPIC, TOPIC + ".models");
    options.put(TrainerConfig.MODEL_NAME, "bench");
    options.put(TrainerConfig.HISTORY, "400d");
    options.put(TrainerConfig.LAYERS, "64,64");
    // One network, as TrainBenchmark measures it; nowcast.model.ensemble=3 gives the default's
    // cycle (× 3 time).
    options.put(TrainerConfig.ENSEMBLE, "1");
    options.put(TrainerConfig.HORIZON, "24");
    // One thread, so that the figure compares with TrainBenchmark's; nowcast.trainer.threads=0
    // gives every core.
    options.put(TrainerConfig.THREADS, "1");
    return options;
  }

  /** The header and the first {@code rows} data rows. */
  private static String head(Path csv, int rows) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.size() < rows + 1) {
      throw new IllegalArgumentException(
          csv + ": expected at least " + rows + " data rows, got " + (lines.size() - 1));
    }
    return String.join("\n", lines.subList(0, rows + 1)) + "\n";
  }

  private static Replay.Summary replay(
      EmbeddedKafka kafka, String registry, String csv, String timeColumn, String valueColumn) {
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            NowcastSerdes.specific(
                    SensorReading.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry), false)
                .serializer())) {
      return Replay.builder()
          .build()
          .run(
              CsvSeries.singleSensor(timeColumn, valueColumn, "bench"),
              new StringReader(csv),
              producer,
              TOPIC);
    }
  }

  private static void printCycle(TrainerConfig config) throws InterruptedException {
    ProgressListener epochs =
        progress ->
            System.err.printf(
                Locale.ROOT,
                "epoch %d: holdout loss %.5f%n",
                progress.epoch(),
                progress.holdoutLoss());
    try (TrainerService service =
        new TrainerService(config, TrainingSettingsMapping.from(config, 1.0), epochs)) {
      CycleReport report = service.runCycle();
      System.out.println(report.summaryLine());
      System.out.printf(
          Locale.ROOT,
          "cycle wall time %.1f s (reading, training, scoring, calibrating, publishing); "
              + "training GFLOP/s %.2f on %d threads (wall time, early-stopping scores included); "
              + "layers %s, horizon %d, B x T = %d x %d%n",
          report.wallSeconds(),
          report.gflops(),
          report.threads(),
          config.getList(TrainerConfig.LAYERS),
          config.horizon(),
          config.batchSize(),
          config.chunkLength());
    }
  }
}
