package io.nowcast.cli;

import io.nowcast.local.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nowcast broker}: a single-node KRaft Kafka in the foreground until Ctrl-C. */
@Command(
    name = "broker",
    description =
        "Run an embedded single-node Kafka (KRaft) broker in the foreground until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

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
    // A port in use or an unusable directory fails here, as one line; Kafka's log has the details.
    EmbeddedKafka kafka = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "broker-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Kafka broker ready at " + kafka.bootstrapServers());
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
