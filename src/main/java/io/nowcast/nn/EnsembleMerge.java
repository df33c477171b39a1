package io.nowcast.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merges M networks of one shape (a seed ensemble) into ONE network whose output is the mean of
 * theirs, and splits such a network back into its members. The merged network is an ordinary {@link
 * Network}: snapshots, serving, per-key state and importers need no change.
 *
 * <p>Member m's unit j of layer l becomes unit m·H<sub>l</sub> + j of the merged layer, whose size
 * is H'<sub>l</sub> = M·H<sub>l</sub>. In every kernel, recurrent kernel and bias row, the column
 * of gate block g and unit j moves to g·H'<sub>l</sub> + m·H<sub>l</sub> + j. Layer 0's kernel rows
 * (the shared input) are the member's own rows; for l &gt; 0 and for the recurrent kernels, member
 * m only fills the diagonal block of rows m·H<sub>l−1</sub> (resp. m·H<sub>l</sub>) onwards,
 * everything else is zero, so no unit ever sees another member's units. The head's kernel row
 * m·H<sub>last</sub> + j holds member m's row j divided by M and the head bias is the members' mean
 * bias, which makes the head output the members' mean output.
 *
 * <p>The merged recurrent states equal the members' bit for bit (a step accumulates input rows in
 * order with FMA, and the off-diagonal zeros add exact zeros); only the head's sum is rounded
 * differently from a mean of the members' outputs, by a few ulps.
 */
public final class EnsembleMerge {
  private EnsembleMerge() {}

  /**
   * The shape of the merged network: {@code member} with every layer {@code members} times as wide.
   */
  public static NetworkSpec mergedSpec(NetworkSpec member, int members) {
    Objects.requireNonNull(member, "member");
    requireMembers(members);
    int[] layers = member.layerSizes();
    for (int l = 0; l < layers.length; l++) {
      layers[l] = Math.multiplyExact(layers[l], members);
    }
    return new NetworkSpec(
        member.cell(),
        member.activation(),
        member.inputSize(),
        layers,
        member.horizon(),
        member.output());
  }

  /**
   * The inverse of {@link #mergedSpec}: the shape of one of the {@code members} merged into {@code
   * merged}.
   */
  public static NetworkSpec memberSpec(NetworkSpec merged, int members) {
    Objects.requireNonNull(merged, "merged");
    requireMembers(members);
    int[] layers = merged.layerSizes();
    for (int l = 0; l < layers.length; l++) {
      if (layers[l] % members != 0) {
        throw new IllegalArgumentException(
            "merged: layer "
                + l
                + " has "
                + layers[l]
                + " units, expected a multiple of "
                + members
                + " members");
      }
      layers[l] /= members;
    }
    return new NetworkSpec(
        merged.cell(),
        merged.activation(),
        merged.inputSize(),
        layers,
        merged.horizon(),
        merged.output());
  }

  /**
   * The parameters of one network of {@link #mergedSpec(NetworkSpec, int) mergedSpec(member, M)}
   * whose output is the mean of the M members' outputs.
   *
   * @param member the shape of every member
   * @param memberParameters each member's parameters (laid out for {@code member}), member 0 first
   */
  public static float[] merge(NetworkSpec member, List<float[]> memberParameters) {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(memberParameters, "memberParameters");
    if (memberParameters.isEmpty()) {
      throw new IllegalArgumentException(
          "memberParameters: expected at least one member, got an empty list");
    }
    ParameterLayout memberLayout = ParameterLayout.of(member);
    for (int m = 0; m < memberParameters.size(); m++) {
      float[] parameters =
          Objects.requireNonNull(memberParameters.get(m), "memberParameters[" + m + "]");
      requireLength("memberParameters[" + m + "]", memberLayout, parameters.length);
    }
    int members = memberParameters.size();
    ParameterLayout mergedLayout = ParameterLayout.of(mergedSpec(member, members));
    float[] merged = new float[mergedLayout.size()];
    for (int m = 0; m < members; m++) {
      new Transfer(memberLayout, mergedLayout, m, members, memberParameters.get(m), merged, true)
          .run();
    }
    meanHeadBias(memberLayout, memberParameters, mergedLayout, merged);
    return merged;
  }

  /**
   * The inverse of {@link #merge}: each member's diagonal blocks, its head kernel rows times M, and
   * the merged head bias for every member. Off-diagonal blocks (zero in a merged network) are
   * dropped. {@code split(merge(x))} gives back x exactly when the members' head biases are equal
   * and M is a power of two; otherwise the head biases come back averaged, and a head kernel weight
   * may differ by one ulp (w / M rounds, and no float multiplication undoes that rounding for every
   * w when M is not a power of two).
   *
   * @param member the shape of every member
   * @param members M, the number of members merged
   * @param merged parameters laid out for {@code mergedSpec(member, members)}
   */
  public static List<float[]> split(NetworkSpec member, int members, float[] merged) {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(merged, "merged");
    requireMembers(members);
    ParameterLayout memberLayout = ParameterLayout.of(member);
    ParameterLayout mergedLayout = ParameterLayout.of(mergedSpec(member, members));
    requireLength("merged", mergedLayout, merged.length);
    List<float[]> split = new ArrayList<>(members);
    for (int m = 0; m < members; m++) {
      float[] parameters = new float[memberLayout.size()];
      new Transfer(memberLayout, mergedLayout, m, members, parameters, merged, false).run();
      System.arraycopy(
          merged,
          mergedLayout.headBiasOffset(),
          parameters,
          memberLayout.headBiasOffset(),
          memberLayout.headBiasLength());
      split.add(parameters);
    }
    return split;
  }

  /** Summed in double so that equal biases give back exactly that bias (M·b / M). */
  private static void meanHeadBias(
      ParameterLayout memberLayout,
      List<float[]> memberParameters,
      ParameterLayout mergedLayout,
      float[] merged) {
    for (int k = 0; k < memberLayout.headBiasLength(); k++) {
      double sum = 0;
      for (float[] parameters : memberParameters) {
        sum += parameters[memberLayout.headBiasOffset() + k];
      }
      merged[mergedLayout.headBiasOffset() + k] = (float) (sum / memberParameters.size());
    }
  }

  private static void requireMembers(int members) {
    if (members < 1) {
      throw new IllegalArgumentException("members: expected at least 1, got " + members);
    }
  }

  private static void requireLength(String name, ParameterLayout layout, int length) {
    if (length != layout.size()) {
      throw new IllegalArgumentException(
          name
              + ": expected "
              + layout.size()
              + " floats for "
              + layout.spec()
              + " but got "
              + length);
    }
  }

  /** Copies member m's tensors into their places in the merged buffer, or back out of them. */
  private static final class Transfer {
    private final ParameterLayout member;
    private final ParameterLayout merged;
    private final NetworkSpec spec;
    private final int m;
    private final int members;
    private final float[] memberBuffer;
    private final float[] mergedBuffer;
    private final boolean toMerged;

    Transfer(
        ParameterLayout member,
        ParameterLayout merged,
        int m,
        int members,
        float[] memberBuffer,
        float[] mergedBuffer,
        boolean toMerged) {
      this.member = member;
      this.merged = merged;
      this.spec = member.spec();
      this.m = m;
      this.members = members;
      this.memberBuffer = memberBuffer;
      this.mergedBuffer = mergedBuffer;
      this.toMerged = toMerged;
    }

    void run() {
      for (int l = 0; l < spec.layers(); l++) {
        // Layer 0 reads the shared input: every member's rows land on the same merged rows.
        int inputRowShift = l == 0 ? 0 : m * spec.hiddenSize(l - 1);
        gatedRows(
            l,
            member.kernelOffset(l),
            merged.kernelOffset(l),
            spec.layerInputSize(l),
            inputRowShift);
        gatedRows(
            l,
            member.recurrentKernelOffset(l),
            merged.recurrentKernelOffset(l),
            spec.hiddenSize(l),
            m * spec.hiddenSize(l));
        // GRU's input and recurrent bias rows are two rows of the same gate layout.
        int biasRows = member.biasLength(l) / member.gateWidth(l);
        gatedRows(l, member.biasOffset(l), merged.biasOffset(l), biasRows, 0);
      }
      headKernel();
    }

    /**
     * Rows r of a member tensor with layer l's gate columns ↔ merged rows rowShift + r, gate block
     * g's unit j ↔ merged column g·H' + m·H + j.
     */
    private void gatedRows(int l, int memberOffset, int mergedOffset, int rows, int rowShift) {
      int units = spec.hiddenSize(l);
      int memberWidth = member.gateWidth(l);
      int mergedWidth = merged.gateWidth(l);
      int mergedUnits = merged.spec().hiddenSize(l);
      for (int r = 0; r < rows; r++) {
        int memberRow = memberOffset + r * memberWidth;
        int mergedRow = mergedOffset + (rowShift + r) * mergedWidth;
        for (int g = 0; g < spec.cell().gates(); g++) {
          copy(memberRow + g * units, mergedRow + g * mergedUnits + m * units, units);
        }
      }
    }

    private void copy(int memberIndex, int mergedIndex, int length) {
      if (toMerged) {
        System.arraycopy(memberBuffer, memberIndex, mergedBuffer, mergedIndex, length);
      } else {
        System.arraycopy(mergedBuffer, mergedIndex, memberBuffer, memberIndex, length);
      }
    }

    /**
     * Head kernel rows m·H_last + j carry member row j scaled by 1/M (the bias is handled by the
     * caller).
     */
    private void headKernel() {
      int rowLength = spec.lastHiddenSize() * spec.outputSize();
      int memberKernel = member.headKernelOffset();
      int mergedKernel = merged.headKernelOffset() + m * rowLength;
      for (int i = 0; i < rowLength; i++) {
        if (toMerged) {
          mergedBuffer[mergedKernel + i] = memberBuffer[memberKernel + i] / members;
        } else {
          memberBuffer[memberKernel + i] = mergedBuffer[mergedKernel + i] * members;
        }
      }
    }
  }
}
