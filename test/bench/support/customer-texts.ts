// Deterministic, realistic inbound texts for load runs: ~200 customers, short and long bodies.

/** mulberry32: a tiny seeded PRNG, so every run offers the same texts. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` customer numbers in the 555-01xx ranges reserved for fiction, across area codes. */
export function customerNumbers(count: number): string[] {
  const areaCodes = ['628', '212', '646', '312', '617', '503', '206', '303', '512', '718'];
  return Array.from({ length: count }, (_unused, index) => {
    const areaCode = areaCodes[Math.floor(index / 100) % areaCodes.length]!;
    return `+1${areaCode}55501${String(index % 100).padStart(2, '0')}`;
  });
}

// How customers text support: short, lowercase, typos, emoji, sometimes a long story. No keywords
// (STOP/HELP...) so every text takes the plain path to a ticket.
const templates: readonly ((n: number) => string)[] = [
  (n) => `hi where is my order #${48_000 + n}?`,
  () => 'ok thanks!!',
  (n) => `my package ${n % 7 === 0 ? 'never' : 'still hasnt'} arrived 😕`,
  () => 'When do you open tomorrow?',
  (n) => `Can I change the delivery address for order ${51_000 + n} pls`,
  () => 'the tracking link says delivered but nothing is here',
  (n) =>
    `Hello, I was charged twice for my order #${60_000 + n} ($${(n % 90) + 10}.99). ` +
    'I can see both charges on my statement from yesterday. Can someone look into it and ' +
    'refund one of them? I would rather not have to call the bank. Thank you so much 🙏',
  () => 'Hola, necesito ayuda con mi pedido, llegó roto',
  (n) => `is the ${['blue', 'red', 'black'][n % 3]} one back in stock?`,
  () => 'thx, that worked. have a good one',
];

/** `count` texts from `customers`, in a fixed pseudo-random order. */
export function customerTexts(
  count: number,
  customers: readonly string[],
  seed: number,
): { from: string; body: string }[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_unused, index) => {
    const from = customers[Math.floor(random() * customers.length)]!;
    const template = templates[Math.floor(random() * templates.length)]!;
    return { from, body: template(index) };
  });
}
