package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state is the whole memory of a sequence: stepping a random sequence in one pass, in random
 * chunks (fresh workspace and output buffers per chunk), or with the state serialised to bytes and
 * read back into a new object between steps gives bit-identical outputs.
 */
class StatefulSteppingTest {

  /** A random network shape, seed and input sequence. */
  record Case(NetworkSpec spec, long seed, float[][] inputs, List<Integer> chunkSizes) {
    @Override
    public String toString() {
      return spec + " seed=" + seed + " steps=" + inputs.length + " chunks=" + chunkSizes;
    }
  }

  /** Draws a random network shape, seed, input sequence and chunking from one property seed. */
  static Case randomCase(SplittableRandom random) {
    CellType cell = CellType.values()[random.nextInt(CellType.values().length)];
    int[] sizes = random.ints(1 + random.nextInt(3), 1, 41).toArray();
    int inputSize = 1 + random.nextInt(9);
    int length = 1 + random.nextInt(40);
    OutputKind output = OutputKind.values()[random.nextInt(OutputKind.values().length)];
    NetworkSpec spec = NetworkSpec.of(cell, inputSize, sizes, 2, output);
    float[][] inputs = new float[length][inputSize];
    for (float[] row : inputs) {
      for (int i = 0; i < inputSize; i++) {
        row[i] = (float) (random.nextDouble() * 6 - 3);
      }
    }
    List<Integer> chunkSizes = new ArrayList<>();
    for (int chunks = 1 + random.nextInt(length); chunkSizes.size() < chunks; ) {
      chunkSizes.add(1 + random.nextInt(8));
    }
    return new Case(spec, random.nextLong(), inputs, chunkSizes);
  }

  static LongStream propertySeeds() {
    return LongStream.range(0, 60);
  }

  /** A property over 60 random cases; a failure names the case, reproducible from its seed. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("propertySeeds")
  void oneChunkedAndSerialisedRunsAgree(long propertySeed) {
    Case example = randomCase(new SplittableRandom(propertySeed));
    Network network = Network.initialise(example.spec(), example.seed());
    float[][] onePass = runInOnePass(network, example.inputs());
    assertSameBits(
        onePass,
        runInChunks(network, example.inputs(), example.chunkSizes()),
        "chunked " + example);
    assertSameBits(onePass, runThroughBytes(network, example.inputs()), "serialised " + example);
  }

  private static float[][] runInOnePass(Network network, float[][] inputs) {
    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[][] outputs = new float[inputs.length][network.spec().outputSize()];
    for (int t = 0; t < inputs.length; t++) {
      network.step(state, inputs[t], workspace, outputs[t]);
    }
    return outputs;
  }

  private static float[][] runInChunks(
      Network network, float[][] inputs, List<Integer> chunkSizes) {
    NetworkState state = network.newState();
    List<float[]> outputs = new ArrayList<>();
    int t = 0;
    for (int chunk = 0; t < inputs.length; chunk++) {
      int size = chunkSizes.get(chunk % chunkSizes.size());
      StepWorkspace workspace = network.newWorkspace();
      for (int end = Math.min(inputs.length, t + size); t < end; t++) {
        float[] out = new float[network.spec().outputSize()];
        network.step(state, inputs[t], workspace, out);
        outputs.add(out);
      }
    }
    return outputs.toArray(new float[0][]);
  }

  private static float[][] runThroughBytes(Network network, float[][] inputs) {
    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[][] outputs = new float[inputs.length][network.spec().outputSize()];
    for (int t = 0; t < inputs.length; t++) {
      network.step(state, inputs[t], workspace, outputs[t]);
      // A big-endian buffer checks that the format is little-endian whatever order the caller uses.
      ByteBuffer bytes = ByteBuffer.allocate(state.serializedSize()).order(ByteOrder.BIG_ENDIAN);
      state.writeTo(bytes);
      byte[] stored = bytes.array();
      state = network.newState();
      state.readFrom(ByteBuffer.wrap(stored));
    }
    return outputs;
  }

  private static void assertSameBits(float[][] expected, float[][] actual, String how) {
    for (int t = 0; t < expected.length; t++) {
      for (int k = 0; k < expected[t].length; k++) {
        if (Float.floatToRawIntBits(expected[t][k]) != Float.floatToRawIntBits(actual[t][k])) {
          assertArrayEquals(expected[t], actual[t], how + " run differs at step " + t);
        }
      }
    }
  }
}
