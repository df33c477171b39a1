package io.nowcast.cli;

import io.nowcast.local.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast broker}: a single-node KRaft Kafka in the foreground until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description =
        "Run an embedded single-node Kafka (KRaft) broker in the foreground until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "9092",
      description =
          "Client (PLAINTEXT) port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--dir",
      description =
          "Log directory; reused (same cluster id and data) when already formatted."
              + " Default: a temporary directory deleted on exit.")
  Path dir;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(port);
    if (dir != null) {
      builder.directory(dir);
    }
    EmbeddedKafka kafka;
    try {
      kafka = builder.start();
    } catch (IllegalStateException e) {
      // Port in use, unusable directory: say so in one line; Kafka's own log has the details.
      System.err.println("broker: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "broker-shutdown"));
    System.out.println("Kafka broker ready at " + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
