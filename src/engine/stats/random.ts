/**
 * A small seeded pseudo-random generator for reproducible simulations (no Math.random in the
 * engine). Mulberry32 for uniforms; Box-Muller for normals.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal variate. */
  normal(): number;
}

/** Mulberry32 generator seeded with a 32-bit integer (Tommy Ettinger's public-domain mixer). */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}
