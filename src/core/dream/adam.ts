/** Adam (Kingma & Ba) with bias correction, minimising; float64 state so steps are exact in every JS engine. */

export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    length: number,
    private readonly settings: AdamSettings,
  ) {
    this.m = new Float64Array(length);
    this.v = new Float64Array(length);
  }

  /** One step on `params` in place along −gradient. */
  step(params: Float64Array, gradient: Float64Array): void {
    const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = this.settings;
    this.t++;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i];
      this.m[i] = beta1 * this.m[i] + (1 - beta1) * g;
      this.v[i] = beta2 * this.v[i] + (1 - beta2) * g * g;
      params[i] -= (learningRate * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + epsilon);
    }
  }
}
