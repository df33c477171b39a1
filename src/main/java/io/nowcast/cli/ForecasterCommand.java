package io.nowcast.cli;

import io.nowcast.config.ConfigLoader;
import io.nowcast.stream.ForecasterApp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast forecaster --config FILE}: the Kafka Streams forecaster until Ctrl-C. */
@Command(
    name = "forecaster",
    mixinStandardHelpOptions = true,
    description = {
      "Run the forecaster (Kafka Streams app + HTTP endpoints) until Ctrl-C.",
      "Exit 1 on a bad configuration (one line naming the key) or when Kafka Streams fails."
    })
final class ForecasterCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      description =
          "Kafka-style properties file (`nowcast config` lists every key); environment variables override it.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    ForecasterApp app;
    try {
      app = ForecasterApp.start(ConfigLoader.load(config, System.getenv()));
    } catch (KafkaException | IllegalStateException e) {
      // Bad configuration, a client failing to start, the HTTP port taken: one line, the log has
      // the rest.
      System.err.println("forecaster: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "forecaster-shutdown"));
    return app.awaitStopped() == KafkaStreams.State.ERROR ? 1 : 0;
  }
}
