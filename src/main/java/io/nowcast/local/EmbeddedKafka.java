package io.nowcast.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka cluster (one KRaft process acting as broker and controller) running
 * inside this JVM from the Kafka jars: not a mock and not Kafka's own test kit, so the demo, the
 * {@code broker} command and the integration tests all talk to the same broker code as production.
 *
 * <p>Start one with {@link #start()} (temporary directory, free loopback ports) or through {@link
 * #builder()}. A directory that was formatted before is reused as it is, keeping its cluster id and
 * its data, so a test can stop the broker and start it again on the same data.
 *
 * <p>Time-based retention is off ({@code log.retention.ms=-1}, overridable with {@link
 * Builder#brokerConfig}): records stamped with old event times would otherwise be deleted 30 s
 * after the start.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** How long {@link Builder#start()} waits for the broker to answer an AdminClient. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

  private static final String LOOPBACK = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String META_PROPERTIES = "meta.properties";

  private final KafkaRaftServer server;
  private final Path directory;
  private final boolean deleteDirectoryOnClose;
  private final String clusterId;
  private final int port;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, Path directory, boolean deleteOnClose, String clusterId, int port) {
    this.server = server;
    this.directory = directory;
    this.deleteDirectoryOnClose = deleteOnClose;
    this.clusterId = clusterId;
    this.port = port;
  }

  /** A broker on free loopback ports in a fresh temporary directory, ready to use. */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  /** Options for a broker; every option has a sensible default. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return LOOPBACK + ":" + port;
  }

  /** The client (PLAINTEXT) port. */
  public int port() {
    return port;
  }

  /** The log directory: data, {@code meta.properties} and the metadata log live here. */
  public Path directory() {
    return directory;
  }

  /** The cluster id stored in the directory's {@code meta.properties}. */
  public String clusterId() {
    return clusterId;
  }

  /** An AdminClient configuration pointing at this broker. */
  public Map<String, Object> adminConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /**
   * Creates a topic with replication factor 1 and waits for it; an existing topic of that name is
   * left as it is.
   *
   * @param config topic-level settings, e.g. {@code cleanup.policy=compact}
   */
  public void createTopic(String name, int partitions, Map<String, String> config) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(config);
    try (Admin admin = Admin.create(adminConfig())) {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Could not create topic '" + name + "'", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Topic '" + name + "' was not created within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic '" + name + "'", e);
    }
  }

  /** Creates a log-compacted topic (latest record per key is kept), as used for models. */
  public void createCompactedTopic(String name, int partitions) {
    createTopic(
        name,
        partitions,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /** Stops the broker and waits for it; a temporary directory is deleted. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteDirectoryOnClose) {
      deleteRecursively(directory);
    }
  }

  /** Options of an {@link EmbeddedKafka}. */
  public static final class Builder {
    private int port;
    private Path directory;
    private int messageMaxBytes = 1024 * 1024;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Log directory, created if missing and kept on close; reused with its cluster id when it was
     * formatted before. Default: a fresh temporary directory, deleted on close.
     */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Largest record batch the broker accepts ({@code message.max.bytes}); default 1 MiB, enough
     * for the ~900 KB poison pills of the tests.
     */
    public Builder messageMaxBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("message.max.bytes must be positive, got " + bytes);
      }
      this.messageMaxBytes = bytes;
      return this;
    }

    /** How long {@link #start()} waits for the broker to answer; default 60 s. */
    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = timeout;
      return this;
    }

    /** Any other broker setting, applied last (wins over the defaults). */
    public Builder brokerConfig(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /** Formats the directory if needed, starts the broker and waits until it answers. */
    public EmbeddedKafka start() {
      boolean temporary = directory == null;
      Path dir = temporary ? createTempDirectory() : createDirectories(directory);
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = brokerProperties(dir, clientPort, controllerPort);
      String clusterId = formatIfNeeded(dir, props);
      KafkaRaftServer server = startServer(props, clientPort);
      EmbeddedKafka kafka = new EmbeddedKafka(server, dir, temporary, clusterId, clientPort);
      try {
        ReadinessProbe.awaitCluster(kafka.adminConfig(), readyTimeout);
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
      return kafka;
    }

    private Properties brokerProperties(Path dir, int clientPort, int controllerPort) {
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", String.valueOf(NODE_ID));
      // A static voter set: the controller port may change between runs on the same directory.
      props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://"
              + LOOPBACK
              + ":"
              + clientPort
              + ",CONTROLLER://"
              + LOOPBACK
              + ":"
              + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + clientPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
      props.put("log.dirs", dir.toAbsolutePath().toString());
      // One node: every internal topic must make do with one replica.
      props.put("offsets.topic.replication.factor", "1");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      // 4 instead of 50 partitions: the first consumer group and the first EOS producer then
      // wait for 4 partitions to be created, not 50, on a small machine.
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.num.partitions", "4");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      // Tests and the demo start consumers right away: do not hold the first rebalance back.
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("message.max.bytes", String.valueOf(messageMaxBytes));
      // Retention off: replayed and test readings carry their original event times as record
      // timestamps, often months or years old. With the default 7 days the broker's first retention
      // check (30 s after start, then every 5 minutes) deletes them all, active segment included,
      // and
      // consumers that were behind jump to the new end: inputs vanish unprocessed.
      props.put("log.retention.ms", "-1");
      props.putAll(overrides);
      return props;
    }
  }

  private static KafkaRaftServer startServer(Properties props, int clientPort) {
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
      return server;
    } catch (RuntimeException e) {
      // A half-started server keeps controller threads and sockets: stop what did start.
      server.shutdown();
      throw new IllegalStateException(
          "Kafka broker could not start on 127.0.0.1:"
              + clientPort
              + ": "
              + rootCause(e).getMessage(),
          e);
    }
  }

  /** Kafka wraps a bind failure three times; the innermost message is the one that explains. */
  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Formats a directory that has no {@code meta.properties} yet with a new cluster id (what {@code
   * kafka-storage.sh format} does); a formatted one keeps its id.
   */
  private static String formatIfNeeded(Path dir, Properties props) {
    Path meta = dir.resolve(META_PROPERTIES);
    if (Files.exists(meta)) {
      return readClusterId(meta);
    }
    String clusterId = Uuid.randomUuid().toString();
    Path configFile = writeTemporaryConfig(props);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      int exitCode =
          StorageTool.execute(
              new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, print);
      if (exitCode != 0) {
        throw new IllegalStateException(
            "Formatting Kafka log directory "
                + dir
                + " failed (exit "
                + exitCode
                + "): "
                + output.toString(StandardCharsets.UTF_8));
      }
    } finally {
      deleteRecursively(configFile);
    }
    return clusterId;
  }

  private static String readClusterId(Path meta) {
    Properties props = new Properties();
    try (var reader = Files.newBufferedReader(meta)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + meta, e);
    }
    String id = props.getProperty("cluster.id");
    if (id == null) {
      throw new IllegalStateException(meta + " has no cluster.id: not a Kafka log directory?");
    }
    return id;
  }

  private static Path writeTemporaryConfig(Properties props) {
    try {
      Path file = Files.createTempFile("nowcast-kafka-", ".properties");
      try (Writer writer = Files.newBufferedWriter(file)) {
        props.store(writer, "written for kafka-storage format");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a temporary broker config", e);
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("nowcast-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Kafka log directory " + dir, e);
    }
  }

  /** A port that was free a moment ago on the loopback interface. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafka::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover file in a temporary directory is harmless; the broker is already stopped.
    }
  }
}
