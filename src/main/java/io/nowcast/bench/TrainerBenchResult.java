package io.nowcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.ReadReport;
import java.util.Locale;

/**
 * The figures of one {@code nowcast bench trainer} run: the fleet written, the cycle's report, and
 * the heap the cycle needed.
 *
 * @param keys sensors written
 * @param points readings per sensor
 * @param partitions partitions of the input topic
 * @param writeSeconds time to write the fleet into the broker (not part of the cycle)
 * @param cycle what the trainer's cycle reported
 * @param peakHeapBytes the most heap in use after a garbage collection during the cycle (the broker
 *     runs in a child JVM, so this is the trainer's)
 * @param maxHeapBytes the JVM's heap limit ({@code -Xmx})
 * @param collections garbage collections during the cycle
 * @param loadBefore the one-minute load average when the cycle started
 * @param loadAfter the one-minute load average when it ended
 */
public record TrainerBenchResult(
    int keys,
    int points,
    int partitions,
    double writeSeconds,
    CycleReport cycle,
    long peakHeapBytes,
    long maxHeapBytes,
    long collections,
    double loadBefore,
    double loadAfter) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The contract's JSON object (DESIGN §12) and the figures that explain it. */
  public String toJson() {
    ReadReport read = cycle.read();
    ObjectNode node = JSON.createObjectNode();
    node.put("keys", keys);
    node.put("readings_read", read.readingsRead());
    node.put("readings_kept", read.readingsKept());
    node.put("read_seconds", round(read.seconds(), 2));
    node.put("train_seconds", round(cycle.trainSeconds(), 2));
    node.put("cycle_seconds", round(cycle.wallSeconds(), 2));
    node.put("peak_heap_bytes", peakHeapBytes);
    node.put("threads", cycle.threads());
    node.put("steps_per_second", round(cycle.stepsPerSecond(), 0));
    node.put("gflops", round(cycle.gflops(), 2));
    node.put("holdout_mae", round(cycle.challengerMae(), 5));
    node.put("persistence_mae", round(cycle.persistenceMae(), 5));
    node.put("points", points);
    node.put("partitions", partitions);
    node.put("keys_seen", read.keysSeen());
    node.put("keys_sampled", read.keysSampled());
    node.put("max_points", read.maxPoints());
    node.put("bytes_read", read.bytesRead());
    node.put("stored_bytes_per_reading", round(read.bytesPerReading(), 2));
    node.put("epochs", cycle.epochs());
    node.put("gflops_per_thread", round(cycle.gflopsPerThread(), 2));
    node.put("published", cycle.published());
    node.put("max_heap_bytes", maxHeapBytes);
    node.put("collections", collections);
    node.put("write_seconds", round(writeSeconds, 2));
    node.put("load_average_before", round(loadBefore, 2));
    node.put("load_average_after", round(loadAfter, 2));
    return node.toString();
  }

  /** A human-readable table. */
  public String toTable() {
    ReadReport read = cycle.read();
    return String.format(
        Locale.ROOT,
        """
        fleet          %d keys x %d readings, %d partitions (written in %.1f s, not timed below)
        read           %,d readings of %d keys in %.1f s; kept %,d of %d keys (budget %,d)
        train          %.1f s, %d epochs, %,.0f sequence-steps/s, %.2f GFLOP/s on %d threads (%.2f per thread)
        cycle          %.1f s in all; peak heap %.0f MB after GC of %.0f MB max (%d collections)
        holdout MAE    challenger %.5f, repeat-last-value %.5f (normalised): %s
        load average   %.2f before, %.2f after
        """,
        keys,
        points,
        partitions,
        writeSeconds,
        read.readingsRead(),
        read.keysSeen(),
        read.seconds(),
        read.readingsKept(),
        read.keysSampled(),
        read.maxPoints(),
        cycle.trainSeconds(),
        cycle.epochs(),
        cycle.stepsPerSecond(),
        cycle.gflops(),
        cycle.threads(),
        cycle.gflopsPerThread(),
        cycle.wallSeconds(),
        peakHeapBytes / 1e6,
        maxHeapBytes / 1e6,
        collections,
        cycle.challengerMae(),
        cycle.persistenceMae(),
        cycle.published() ? "published" : "not published: " + cycle.reason(),
        loadBefore,
        loadAfter);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
