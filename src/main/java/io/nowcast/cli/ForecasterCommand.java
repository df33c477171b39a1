package io.nowcast.cli;

import io.nowcast.config.ConfigLoader;
import io.nowcast.stream.ForecasterApp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast forecaster --config FILE}: the Kafka Streams forecaster until Ctrl-C. */
@Command(
    name = "forecaster",
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
    // A bad value (named by its key), a client that cannot start or a taken HTTP port fails here,
    // in one line; the log has the rest.
    ForecasterApp app = ForecasterApp.start(ConfigLoader.load(config, System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "forecaster-shutdown"));
    return app.awaitStopped() == KafkaStreams.State.ERROR ? ExitCodes.ERROR : ExitCodes.OK;
  }
}
