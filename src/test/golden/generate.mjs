// Generates the golden values Nowcast's network is checked against (see README.md in this folder).
//
// TensorFlow.js is an implementation independent of ours: LSTM and SimpleRNN run through tfjs'
// own Keras layers; tfjs has no GRU with reset_after=True (Keras' TF2 default, and our layout), so
// that cell is written here from tfjs ops, following the Keras equations. Weights come from a
// seeded generator, so a rerun reproduces every file byte for byte.
//
// Usage: node generate.mjs <output directory>
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node generate.mjs <output directory>');
  process.exit(2);
}

const INPUT_SIZE = 3;
const STEPS = 5;

// Each case: one file. Cells 'lstm', 'gru' (reset_after=True), 'simple_rnn' (tanh or relu).
const CASES = [
  { name: 'lstm1', cell: 'lstm', units: [4], head: 2, batch: 1, seed: 11 },
  { name: 'lstm1_batch2', cell: 'lstm', units: [4], head: 2, batch: 2, seed: 12 },
  { name: 'lstm2', cell: 'lstm', units: [5, 4], head: 3, batch: 2, seed: 13 },
  { name: 'gru1', cell: 'gru', units: [4], head: 2, batch: 1, seed: 14 },
  { name: 'gru2', cell: 'gru', units: [5, 4], head: 3, batch: 2, seed: 15 },
  { name: 'rnn_tanh', cell: 'simple_rnn', activation: 'tanh', units: [5], head: 3, batch: 1, seed: 16 },
  { name: 'rnn_relu', cell: 'simple_rnn', activation: 'relu', units: [4], head: 2, batch: 2, seed: 17 },
];

const GATES = { lstm: 4, gru: 3, simple_rnn: 1 };

// mulberry32: a tiny seeded PRNG, so the weights do not depend on tfjs' initialisers.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Uniform in [-scale, scale), rounded to float32 so JSON carries exactly the values tfjs uses.
function uniform(random, shape, scale) {
  const fill = (dims) =>
    dims.length === 0
      ? Math.fround((random() * 2 - 1) * scale)
      : Array.from({ length: dims[0] }, () => fill(dims.slice(1)));
  return fill(shape);
}

function layerWeights(random, cell, inputSize, units) {
  const width = GATES[cell] * units;
  return {
    kernel: uniform(random, [inputSize, width], 0.6),
    recurrent_kernel: uniform(random, [units, width], 0.6),
    bias: cell === 'gru' ? uniform(random, [2, width], 0.3) : uniform(random, [width], 0.3),
  };
}

function makeWeights(c, random) {
  const layers = [];
  let inputSize = INPUT_SIZE;
  for (const units of c.units) {
    const layer = { type: c.cell, units, weights: layerWeights(random, c.cell, inputSize, units) };
    if (c.cell === 'simple_rnn') layer.activation = c.activation;
    layers.push(layer);
    inputSize = units;
  }
  layers.push({
    type: 'dense',
    units: c.head,
    weights: { kernel: uniform(random, [inputSize, c.head], 0.6), bias: uniform(random, [c.head], 0.3) },
  });
  return { format: 'keras', layers };
}

// A recurrent layer as a function of tf.Variables: [B,T,I] -> [B,T,H] (return_sequences).
function kerasLayer(spec, vars) {
  const common = { units: spec.units, returnSequences: true, useBias: true };
  let layer;
  if (spec.type === 'lstm') {
    layer = tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid', activation: 'tanh', unitForgetBias: false });
  } else if (spec.type === 'simple_rnn') {
    layer = tf.layers.simpleRNN({ ...common, activation: spec.activation });
  } else {
    return (x) => gruResetAfter(x, vars, spec.units);
  }
  let built = false;
  return (x) => {
    if (!built) {
      layer.apply(x); // builds the layer (and its own, discarded, initial weights)
      // Share our variables with the layer so gradients flow to them.
      layer.trainableWeights.forEach((w, i) => {
        w.val = vars[i];
      });
      built = true;
    }
    return layer.apply(x);
  };
}

// Keras GRU with reset_after=True: x·W + b_in and h·U + b_rec are split into z, r, n blocks;
// n = tanh(x_n + r ⊙ (h·U_n + b_rec_n)); h' = z ⊙ h + (1 − z) ⊙ n.
function gruResetAfter(x, [kernel, recurrent, bias], units) {
  const [batch, steps] = x.shape;
  const [biasIn, biasRec] = tf.unstack(bias);
  let h = tf.zeros([batch, units]);
  const outputs = [];
  for (let t = 0; t < steps; t++) {
    const xt = x.slice([0, t, 0], [batch, 1, -1]).reshape([batch, -1]);
    const [xz, xr, xn] = tf.split(tf.add(tf.matMul(xt, kernel), biasIn), 3, 1);
    const [hz, hr, hn] = tf.split(tf.add(tf.matMul(h, recurrent), biasRec), 3, 1);
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n));
    outputs.push(h);
  }
  return tf.stack(outputs, 1);
}

function variablesOf(weights) {
  return weights.layers.map((layer) =>
    Object.values(layer.weights).map((value) => tf.variable(tf.tensor(value), true)),
  );
}

// Forward over [B,T,I]: the last recurrent layer's h per step, and the dense head per step.
function forwardFn(weights, vars) {
  const recurrent = weights.layers.slice(0, -1).map((spec, l) => kerasLayer(spec, vars[l]));
  const [headKernel, headBias] = vars[vars.length - 1];
  return (x) => {
    let h = x;
    for (const layer of recurrent) h = layer(h);
    const [batch, steps, units] = h.shape;
    const y = tf.add(tf.matMul(h.reshape([batch * steps, units]), headKernel), headBias);
    return { hidden: h, outputs: y.reshape([batch, steps, -1]) };
  };
}

function transpose(m) {
  return m[0].map((_, j) => m.map((row) => row[j]));
}

// Split a Keras kernel's columns into gate blocks of `units` columns each.
function columnBlocks(kernel, units) {
  return Array.from({ length: kernel[0].length / units }, (_, g) => kernel.map((row) => row.slice(g * units, (g + 1) * units)));
}

function rowBlocks(vector, units) {
  return Array.from({ length: vector.length / units }, (_, g) => vector.slice(g * units, (g + 1) * units));
}

// Keras z,r,n blocks -> PyTorch r,z,n blocks; identity for LSTM (i,f,c,o = i,f,g,o) and RNN.
function torchOrder(cell, blocks) {
  return cell === 'gru' ? [blocks[1], blocks[0], blocks[2]] : blocks;
}

function torchMatrix(cell, kernel, units) {
  return torchOrder(cell, columnBlocks(kernel, units)).flatMap((block) => transpose(block));
}

function torchVector(cell, vector, units) {
  return torchOrder(cell, rowBlocks(vector, units)).flat();
}

// The same weights in PyTorch's state_dict layout. LSTM/RNN: bias_ih = Keras bias, bias_hh = 0
// (PyTorch sums the two). GRU: the two Keras bias rows are PyTorch's bias_ih and bias_hh.
function pytorchWeights(c, weights) {
  const tensors = {};
  const module = c.cell === 'simple_rnn' ? 'rnn' : c.cell;
  weights.layers.slice(0, -1).forEach((layer, l) => {
    const { kernel, recurrent_kernel: recurrent, bias } = layer.weights;
    const units = layer.units;
    tensors[`${module}.weight_ih_l${l}`] = torchMatrix(c.cell, kernel, units);
    tensors[`${module}.weight_hh_l${l}`] = torchMatrix(c.cell, recurrent, units);
    if (c.cell === 'gru') {
      tensors[`${module}.bias_ih_l${l}`] = torchVector(c.cell, bias[0], units);
      tensors[`${module}.bias_hh_l${l}`] = torchVector(c.cell, bias[1], units);
    } else {
      tensors[`${module}.bias_ih_l${l}`] = bias;
      tensors[`${module}.bias_hh_l${l}`] = bias.map(() => 0);
    }
  });
  const head = weights.layers[weights.layers.length - 1].weights;
  tensors['head.weight'] = transpose(head.kernel);
  tensors['head.bias'] = head.bias;
  const torch = { format: 'pytorch', cell: c.cell === 'simple_rnn' ? 'rnn' : c.cell };
  if (c.cell === 'simple_rnn') torch.nonlinearity = c.activation;
  torch.tensors = tensors;
  return torch;
}

function generate(c) {
  const random = rng(c.seed);
  const weights = makeWeights(c, random);
  const inputs = uniform(random, [c.batch, STEPS, INPUT_SIZE], 1.5);
  const targets = uniform(random, [c.batch, STEPS, c.head], 1.0);
  const vars = variablesOf(weights);
  const forward = forwardFn(weights, vars);
  const x = tf.tensor(inputs);
  const { hidden, outputs } = forward(x);
  // MSE: the mean over batch, steps and head outputs of (output - target)^2.
  const lossFn = () => tf.mean(tf.squaredDifference(forward(x).outputs, tf.tensor(targets)));
  const { value, grads } = tf.variableGrads(lossFn, vars.flat());
  const gradientLayers = weights.layers.map((layer, l) =>
    Object.fromEntries(Object.keys(layer.weights).map((key, k) => [key, grads[vars[l][k].name].arraySync()])),
  );
  return {
    name: c.name,
    generator: `src/test/golden/generate.mjs with @tensorflow/tfjs ${tf.version.tfjs} (CPU backend)`,
    input_size: INPUT_SIZE,
    horizon: c.head,
    keras: weights,
    pytorch: pytorchWeights(c, weights),
    inputs,
    outputs: outputs.arraySync(),
    hidden: hidden.arraySync(),
    targets,
    loss: value.dataSync()[0],
    gradients: { layers: gradientLayers },
  };
}

await tf.setBackend('cpu');
mkdirSync(outDir, { recursive: true });
for (const c of CASES) {
  const file = join(outDir, `${c.name}.json`);
  writeFileSync(file, JSON.stringify(generate(c), null, 1) + '\n');
  console.error(`wrote ${file}`);
}
