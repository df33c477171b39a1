package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<CellType> cells = Arbitraries.of(CellType.class);
    Arbitrary<int[]> layers = Arbitraries.integers().between(1, 40).array(int[].class).ofMinSize(1).ofMaxSize(3);
    Arbitrary<Integer> inputSizes = Arbitraries.integers().between(1, 9);
    Arbitrary<Integer> steps = Arbitraries.integers().between(1, 40);
    Arbitrary<Long> seeds = Arbitraries.longs();
    Arbitrary<OutputKind> outputs = Arbitraries.of(OutputKind.class);
    return Combinators.combine(cells, layers, inputSizes, steps, seeds, outputs)
        .flatAs((cell, sizes, inputSize, length, seed, output) -> {
          NetworkSpec spec = NetworkSpec.of(cell, inputSize, sizes, 2, output);
          Arbitrary<float[][]> sequence = Arbitraries.floats().between(-3f, 3f)
              .array(float[].class).ofSize(inputSize).array(float[][].class).ofSize(length);
          Arbitrary<List<Integer>> chunks = Arbitraries.integers().between(1, 8).list().ofMinSize(1).ofMaxSize(length);
          return Combinators.combine(sequence, chunks).as((inputs, chunkSizes) -> new Case(spec, seed, inputs, chunkSizes));
        });
  }

  @Property(tries = 60)
  void oneChunkedAndSerialisedRunsAgree(@ForAll("cases") Case example) {
    Network network = Network.initialise(example.spec(), example.seed());
    float[][] onePass = runInOnePass(network, example.inputs());
    assertSameBits(onePass, runInChunks(network, example.inputs(), example.chunkSizes()), "chunked");
    assertSameBits(onePass, runThroughBytes(network, example.inputs()), "serialised");
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

  private static float[][] runInChunks(Network network, float[][] inputs, List<Integer> chunkSizes) {
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
