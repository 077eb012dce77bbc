// A small seeded PRNG (sfc32, seeded through splitmix32) so that one seed
// always yields the same tree, byte for byte, on any machine and Node version.

function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed) {
  const init = splitmix32(Number(seed) || 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  const rng = {
    /** [0, 1) */
    float: () => next() / 4294967296,
    /** integer in [lo, hi] */
    int: (lo, hi) => lo + Math.floor((next() / 4294967296) * (hi - lo + 1)),
    chance: (p) => next() / 4294967296 < p,
    pick: (arr) => arr[Math.floor((next() / 4294967296) * arr.length)],
    /** a few distinct items, in their original order */
    some: (arr, n) => {
      const idx = arr.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor((next() / 4294967296) * (i + 1));
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return idx.slice(0, Math.min(n, arr.length)).sort((x, y) => x - y).map((i) => arr[i]);
    },
    /** a GUID-shaped string, upper case as Visual Studio writes them */
    guid: () => {
      const h = () => next().toString(16).padStart(8, '0');
      const s = h() + h() + h() + h();
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`.toUpperCase();
    },
    bytes: (n) => {
      const buf = Buffer.alloc(n);
      for (let i = 0; i < n; i += 4) {
        const v = next();
        buf[i] = v & 0xff;
        if (i + 1 < n) buf[i + 1] = (v >>> 8) & 0xff;
        if (i + 2 < n) buf[i + 2] = (v >>> 16) & 0xff;
        if (i + 3 < n) buf[i + 3] = (v >>> 24) & 0xff;
      }
      return buf;
    },
  };
  return rng;
}
