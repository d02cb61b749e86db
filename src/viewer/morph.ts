/**
 * Morphing between surfaces. The geometry holds two surfaces at a time, one per slot; a `morph`
 * value of 0 shows slot 0, 1 shows slot 1, and values between blend them in the vertex shader.
 * A switch loads the new surface into a slot once and then animates only that value.
 */

/** Time for a full 0 → 1 morph; shorter moves take proportionally less. */
export const MORPH_MS = 600;

/** The surface names the two slots hold (undefined: nothing loaded yet). */
export type MorphSlots = readonly [string | undefined, string | undefined];

export interface MorphPlan {
  /** The slot to load the target surface into first, if it is not in one already. */
  load?: 0 | 1;
  /** Morph value to start from (a jump only when the blend was between two other surfaces) … */
  from: number;
  /** … and to end at. */
  to: number;
}

/** How to get from the current blend to showing `target`. */
export function planMorph(slots: MorphSlots, morph: number, target: string): MorphPlan {
  if (slots[0] === undefined) return { load: 0, from: 0, to: 0 };
  if (slots[0] === target) return { from: morph, to: 0 };
  if (slots[1] === target) return { from: morph, to: 1 };
  // Keep the surface that is showing more, replace the other one.
  const keep = morph < 0.5 ? 0 : 1;
  return { load: keep === 0 ? 1 : 0, from: keep, to: 1 - keep };
}

export function morphDuration(plan: MorphPlan): number {
  return Math.abs(plan.to - plan.from) * MORPH_MS;
}

/** Cubic ease-in-out of t in [0, 1] (clamped). */
export function easeInOut(t: number): number {
  const x = Math.min(1, Math.max(0, t));
  return x < 0.5 ? 4 * x * x * x : 1 - (-2 * x + 2) ** 3 / 2;
}
