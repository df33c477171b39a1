package io.nowcast.trainer;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.config.TrainerConfig;
import io.nowcast.model.InvalidModelException;
import io.nowcast.model.ModelContent;
import io.nowcast.model.ModelKey;
import io.nowcast.model.ModelLineage;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.model.ValidatedModel;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SensorReadingDeserializer;
import io.nowcast.train.NotEnoughDataException;
import io.nowcast.train.ProgressListener;
import io.nowcast.train.Series;
import io.nowcast.train.Trainer;
import io.nowcast.train.TrainingDivergedException;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer process: each cycle reads the current champion and a bounded history window of the
 * input topics, trains a challenger with the shared training pipeline ({@link Trainer}), and
 * publishes it as the next version only when it beats the champion and repeat-last-value on the
 * same holdout ({@link PublishRule}). Not thread-safe: one cycle at a time; {@link CycleSchedule}
 * runs cycles on an interval.
 */
public final class TrainerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

  private final TrainerConfig config;
  private final TrainingSettings settings;
  private final ProgressListener progress;
  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final HistoryReader history;
  private final ModelCatalog catalog;
  private final ModelPublisher publisher;

  /** Where this process's last snapshot went: the next cycle's champion must include it. */
  private RecordMetadata lastPublished;

  /**
   * Creates the Kafka clients from the configuration's pass-through keys (no connection is made
   * yet).
   *
   * @param config the validated trainer configuration (its {@code nowcast.input.*} mapping keys
   *     included)
   * @param settings the training hyper-parameters
   * @param progress told after every epoch
   */
  public TrainerService(
      TrainerConfig config, TrainingSettings settings, ProgressListener progress) {
    this.config = config;
    this.settings = settings;
    this.progress = progress;
    Map<String, Object> kafka = config.kafkaProperties();
    Map<String, Object> serdeConfig = config.originals();
    this.admin = Admin.create(kafka);
    this.consumer =
        new KafkaConsumer<>(
            TrainerClients.consumerProperties(kafka),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    Map<String, Object> producerProps =
        TrainerClients.producerProperties(
            kafka, TrainerClients.transactionalId(config.modelsTopic(), config.modelName()));
    SensorReadingDeserializer readings = new SensorReadingDeserializer();
    readings.configure(serdeConfig, false);
    this.history =
        new HistoryReader(
            consumer,
            readings,
            new HistoryReader.Budget(
                config.maxPoints(),
                config.maxPointsPerKey(),
                config.minPointsPerKey(),
                config.seed(),
                config.interval()));
    this.catalog =
        new ModelCatalog(
            consumer,
            NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false).deserializer());
    this.publisher =
        new ModelPublisher(
            admin,
            () ->
                new KafkaProducer<>(
                    producerProps,
                    new StringSerializer(),
                    NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false).serializer()),
            producerProps.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG).toString(),
            config.brokerTimeout());
  }

  /**
   * The {@code transactional.id} a trainer publishes {@code modelName} to {@code modelsTopic} with,
   * unless its configuration sets {@code transactional.id}: a trainer started later with the same
   * id fences this one.
   */
  public static String defaultTransactionalId(String modelsTopic, String modelName) {
    return TrainerClients.transactionalId(modelsTopic, modelName);
  }

  /**
   * Runs one cycle: waits for the broker (bounded by {@code nowcast.trainer.broker.timeout}),
   * reads, trains, scores and publishes when the challenger wins.
   *
   * @throws NotEnoughDataException when the window is empty or no key has enough readings
   * @throws TrainingDivergedException when the loss became non-finite; nothing is published
   * @throws BrokerWait.BrokerUnreachableException when the broker did not answer in time
   * @throws TrainerFencedException when a newer trainer of the same model took over publishing
   */
  public CycleReport runCycle() throws InterruptedException {
    long started = System.nanoTime();
    Instant deadline = Instant.now().plus(config.brokerTimeout());
    BrokerWait.untilReachable(
        admin, config.kafkaProperties().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG), deadline);
    // Before the champion is read: a trainer registered later fences this one, so two trainers can
    // never both read champion N and publish two different versions N + 1.
    publisher.claim();
    ModelLineage lineage =
        catalog.read(config.modelsTopic(), config.modelName(), lastPublished, deadline);
    ModelContent champion = lineage.champion().map(ValidatedModel::content).orElse(null);
    HistoryReader.Read read =
        history.read(
            config.inputTopics(),
            config.inputPattern(),
            config.history(),
            deadline,
            config.brokerTimeout());
    // Its own deadline: reading a large fleet may take longer than the broker timeout.
    List<String> shortRetention =
        RetentionCheck.shortRetention(
            admin, read.topics(), config.history(), Instant.now().plus(config.brokerTimeout()));
    List<Series> series = seriesOf(read);
    ReadReport readReport = readReport(read, series, shortRetention);
    LOG.info(readReport.summaryLine());
    long training = System.nanoTime();
    TrainingResult result =
        new Trainer(settings, progress).train(series, champion, config.warmStart());
    double trainSeconds = (System.nanoTime() - training) / 1e9;
    PublishRule.Decision decision = PublishRule.decide(result, champion);
    Long published =
        decision.publish() ? publish(result, lineage.nextVersion(), read.topics()) : null;
    if (!decision.publish()) {
      LOG.info("not publishing: {}", decision.reason());
    }
    return new CycleReport(
        result.keys(),
        readReport.readingsKept(),
        result.epochs(),
        result.challenger().mae(),
        result.champion() == null ? null : result.champion().mae(),
        result.persistence().mae(),
        champion == null ? null : champion.version(),
        published,
        decision.reason(),
        (System.nanoTime() - started) / 1e9,
        result.wallGflops(),
        readReport,
        trainSeconds,
        result.threads(),
        result.wallStepsPerSecond());
  }

  private ReadReport readReport(
      HistoryReader.Read read, List<Series> series, List<String> shortRetention) {
    History kept = read.history();
    long readingsKept = series.stream().mapToLong(Series::size).sum();
    return new ReadReport(
        read.topics(),
        kept.keysSeen(),
        series.size(),
        kept.read(),
        readingsKept,
        kept.unreadable(),
        kept.recordBytes(),
        kept.peakBytes(),
        kept.maxPoints(),
        kept.rotation(),
        read.seconds(),
        shortRetention);
  }

  private List<Series> seriesOf(HistoryReader.Read read) {
    if (read.history().isEmpty()) {
      String where =
          read.window()
              .map(
                  w ->
                      "in the window "
                          + Instant.ofEpochMilli(w.start())
                          + " .. "
                          + Instant.ofEpochMilli(w.newest()))
              .orElse("at all");
      throw new NotEnoughDataException(
          "no usable readings "
              + where
              + " of input topics "
              + read.topics()
              + " ("
              + read.history().unreadable()
              + " unusable records)");
    }
    return read.history().toSeries();
  }

  private long publish(TrainingResult result, long version, List<String> topics)
      throws InterruptedException {
    ModelSnapshot snapshot =
        validatedSnapshot(
            result,
            config.modelName(),
            version,
            Instant.now(),
            "topics:" + String.join(",", topics));
    publisher.ensureTopic(config.modelsTopic());
    lastPublished = publisher.publish(config.modelsTopic(), snapshot);
    return version;
  }

  /**
   * The snapshot of a trained model, checked by the validator the forecaster installs models with:
   * a snapshot the forecaster would refuse is never published.
   *
   * @throws InvalidModelException naming the version and the refused field; the cycle fails
   */
  static ModelSnapshot validatedSnapshot(
      TrainingResult result, String modelName, long version, Instant createdAt, String source) {
    ModelSnapshot snapshot =
        Snapshots.toSnapshot(result.toModelContent(modelName, version, createdAt, source));
    try {
      SnapshotValidator.forServing().validate(snapshot);
    } catch (InvalidModelException e) {
      throw new InvalidModelException(
          "not publishing "
              + ModelKey.of(snapshot)
              + ": the trained snapshot fails validation ("
              + e.getMessage()
              + ")",
          e);
    }
    return snapshot;
  }

  @Override
  public void close() {
    publisher.close();
    consumer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
