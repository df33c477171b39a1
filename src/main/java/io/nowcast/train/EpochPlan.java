package io.nowcast.train;

import io.nowcast.nn.BatchState;
import io.nowcast.nn.SequenceBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How one epoch lays the training data out over the B rows ("lanes") of the mini-batches.
 *
 * <p>Each key's series is cut into contiguous segments of L steps, L a multiple of the chunk length
 * T chosen so that all segments together fill about B lanes: L = T·max(1, ⌈steps / (B·T)⌉). The
 * first cut sits at a seeded random offset in [0, T), so chunk boundaries — where truncated
 * back-propagation stops the gradient — fall on different time steps in every epoch. Segments are
 * shuffled (seeded) and dealt to the lane with the fewest chunks so far. A segment always starts at
 * a chunk boundary of its lane, where {@link BatchState#reset(int)} gives it a zero recurrent
 * state; inside a segment the state carries from chunk to chunk, as in serving. Steps past a
 * segment's end (and lanes that ran out of segments) have zero inputs and NaN targets: no loss, no
 * gradient.
 */
final class EpochPlan {

  private final List<TrainingData.KeyData> keys;
  private final int chunkLength;

  /** Per lane, its segments in order, each {key index, start, length, first chunk}. */
  private final List<List<int[]>> lanes;

  /** Per lane, the index of the segment covering the chunk being filled. */
  private final int[] cursor;

  private final int chunks;

  private EpochPlan(
      List<TrainingData.KeyData> keys, int chunkLength, List<List<int[]>> lanes, int chunks) {
    this.keys = keys;
    this.chunkLength = chunkLength;
    this.lanes = lanes;
    this.cursor = new int[lanes.size()];
    this.chunks = chunks;
  }

  /**
   * A fresh plan for one epoch; consumes randomness from {@code random} (the trainer's seeded
   * stream).
   */
  static EpochPlan build(
      List<TrainingData.KeyData> keys, int chunkLength, int batchSize, SplittableRandom random) {
    long steps = 0;
    for (TrainingData.KeyData key : keys) {
      steps += key.length();
    }
    long perLane =
        Math.max(
            1, (steps + (long) batchSize * chunkLength - 1) / ((long) batchSize * chunkLength));
    int segmentLength = (int) Math.min(Integer.MAX_VALUE / 2, perLane * chunkLength);
    int offset = random.nextInt(chunkLength);
    List<int[]> segments = cut(keys, segmentLength, offset);
    shuffle(segments, random);
    return deal(keys, chunkLength, batchSize, segments);
  }

  private static List<int[]> cut(List<TrainingData.KeyData> keys, int segmentLength, int offset) {
    List<int[]> segments = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      int length = keys.get(k).length();
      int start = 0;
      int end = Math.min(offset, length);
      while (start < length) {
        if (end > start) {
          segments.add(new int[] {k, start, end - start, 0});
        }
        start = end;
        end = (int) Math.min(length, (long) start + segmentLength);
      }
    }
    return segments;
  }

  private static void shuffle(List<int[]> segments, SplittableRandom random) {
    for (int i = segments.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int[] swap = segments.get(i);
      segments.set(i, segments.get(j));
      segments.set(j, swap);
    }
  }

  private static EpochPlan deal(
      List<TrainingData.KeyData> keys, int chunkLength, int batchSize, List<int[]> segments) {
    List<List<int[]>> lanes = new ArrayList<>(batchSize);
    int[] used = new int[batchSize];
    for (int b = 0; b < batchSize; b++) {
      lanes.add(new ArrayList<>());
    }
    for (int[] segment : segments) {
      int lane = 0;
      for (int b = 1; b < batchSize; b++) {
        if (used[b] < used[lane]) {
          lane = b;
        }
      }
      segment[3] = used[lane];
      used[lane] += (segment[2] + chunkLength - 1) / chunkLength;
      lanes.get(lane).add(segment);
    }
    return new EpochPlan(keys, chunkLength, lanes, Arrays.stream(used).max().orElse(0));
  }

  /** Chunks this epoch takes (the longest lane). */
  int chunks() {
    return chunks;
  }

  /**
   * Writes chunk {@code chunk} (chunks must be filled in order 0, 1, …) into {@code batch} and
   * zeroes the recurrent state of the lanes where a new segment starts.
   */
  void fill(int chunk, SequenceBatch batch, BatchState state) {
    for (int lane = 0; lane < lanes.size(); lane++) {
      int[] segment = segmentAt(lane, chunk);
      if (segment != null && segment[3] == chunk) {
        state.reset(lane);
      }
      fillLane(lane, segment, chunk, batch);
    }
  }

  private int[] segmentAt(int lane, int chunk) {
    List<int[]> segments = lanes.get(lane);
    while (cursor[lane] < segments.size()) {
      int[] segment = segments.get(cursor[lane]);
      int chunksOfSegment = (segment[2] + chunkLength - 1) / chunkLength;
      if (chunk < segment[3] + chunksOfSegment) {
        return segment;
      }
      cursor[lane]++;
    }
    return null;
  }

  private void fillLane(int lane, int[] segment, int chunk, SequenceBatch batch) {
    int inputSize = batch.inputSize();
    int horizon = batch.horizon();
    float[] inputs = batch.inputs();
    float[] targets = batch.targets();
    for (int t = 0; t < chunkLength; t++) {
      int inputAt = batch.inputOffset(t, lane);
      int targetAt = batch.targetOffset(t, lane);
      int position = segment == null ? -1 : (chunk - segment[3]) * chunkLength + t;
      if (position < 0 || position >= segment[2]) {
        Arrays.fill(inputs, inputAt, inputAt + inputSize, 0f);
        Arrays.fill(targets, targetAt, targetAt + horizon, Float.NaN);
        continue;
      }
      TrainingData.KeyData key = keys.get(segment[0]);
      int row = segment[1] + position;
      System.arraycopy(key.inputs(), row * inputSize, inputs, inputAt, inputSize);
      System.arraycopy(key.targets(), row * horizon, targets, targetAt, horizon);
    }
  }
}
