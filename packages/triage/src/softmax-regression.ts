/**
 * Multinomial logistic regression over sparse features, trained by plain SGD on the cross-entropy
 * with a decaying step and L2 shrinkage (averaged SGD was tried: no better on the dev splits). Softmax outputs are probabilities, which the out-of-scope
 * threshold needs (a perceptron's or SVM's margins would need a separate calibration).
 *
 * Weights are feature-major (row = feature, column = class), so scoring a message walks only its
 * ~200 features' rows: a fraction of a millisecond for 150 classes. Updates skip classes whose
 * gradient is negligible, which after the first epoch is nearly all of them.
 */
import type { SparseVector } from './features.ts';
import { seededRandom, shuffle } from './random.ts';

export interface TrainingOptions {
  epochs?: number;
  /** Initial step size. */
  learningRate?: number;
  /** L2 strength (per example, applied lazily through a global scale). */
  l2?: number;
  seed?: number;
  /** Per-class weights of the loss (e.g. to balance rare classes); default 1. */
  classWeights?: Float32Array;
}

const SKIP_GRADIENT = 1e-4;

export class SoftmaxRegression {
  private constructor(
    readonly classes: number,
    readonly columns: number,
    private readonly weights: Float32Array,
  ) {}

  static train(
    examples: readonly SparseVector[],
    labels: readonly number[],
    classes: number,
    columns: number,
    options: TrainingOptions = {},
  ): SoftmaxRegression {
    const epochs = options.epochs ?? 8;
    const rate0 = options.learningRate ?? 1;
    const l2 = options.l2 ?? 1e-6;
    const random = seededRandom(options.seed ?? 1);
    const weights = new Float32Array(columns * classes);
    // L2 as a global scale (w_true = scale · weights): shrinking every weight costs O(1) per step.
    let scale = 1;
    const scores = new Float64Array(classes);
    const order = shuffle(
      examples.map((_, i) => i),
      random,
    );
    const total = epochs * examples.length;
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (epoch > 0) shuffle(order, random);
      for (const i of order) {
        const x = examples[i]!;
        const y = labels[i]!;
        const rate = rate0 / (1 + (4 * step) / total);
        step += 1;
        scoreInto(weights, classes, x, scores, scale);
        softmaxInPlace(scores);
        scale *= 1 - rate * l2;
        if (scale < 1e-6) {
          for (let k = 0; k < weights.length; k++) weights[k]! *= scale;
          scale = 1;
        }
        const weight = options.classWeights ? options.classWeights[y]! : 1;
        const factor = (rate * weight) / scale;
        for (let c = 0; c < classes; c++) {
          const gradient = scores[c]! - (c === y ? 1 : 0);
          if (Math.abs(gradient) < SKIP_GRADIENT) continue;
          const delta = -factor * gradient;
          for (let k = 0; k < x.indices.length; k++) {
            weights[x.indices[k]! * classes + c]! += delta * x.values[k]!;
          }
        }
      }
    }
    if (scale !== 1) for (let k = 0; k < weights.length; k++) weights[k]! *= scale;
    return new SoftmaxRegression(classes, columns, weights);
  }

  /** Class probabilities of one example. */
  probabilities(x: SparseVector): Float64Array {
    const scores = new Float64Array(this.classes);
    scoreInto(this.weights, this.classes, x, scores, 1);
    softmaxInPlace(scores);
    return scores;
  }

  /** Bytes of the weight matrix. */
  get bytes(): number {
    return this.weights.byteLength;
  }
}

function scoreInto(
  weights: Float32Array,
  classes: number,
  x: SparseVector,
  into: Float64Array,
  scale: number,
): void {
  into.fill(0);
  for (let k = 0; k < x.indices.length; k++) {
    const row = x.indices[k]! * classes;
    const value = x.values[k]! * scale;
    for (let c = 0; c < classes; c++) into[c]! += weights[row + c]! * value;
  }
}

function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
}
