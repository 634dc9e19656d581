// The emulator's randomness behind one face: faults and generated IDs draw from it, so a
// `randomSeed` makes fault tests and seeded IDs repeatable.

import { randomUUID } from "node:crypto";

export interface RandomSource {
  /** A number in [0, 1). */
  next(): number;
  /** A version-4 UUID. */
  uuid(): string;
}

export function createRandomSource(randomSeed?: number): RandomSource {
  if (randomSeed === undefined) {
    return { next: Math.random, uuid: randomUUID };
  }
  const next = mulberry32(randomSeed);
  return {
    next,
    uuid() {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = "4";
      hex[16] = ((Math.floor(next() * 4) + 8) as number).toString(16);
      const text = hex.join("");
      return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
    },
  };
}

/** A small, well-known 32-bit PRNG; quality is ample for fault injection. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
