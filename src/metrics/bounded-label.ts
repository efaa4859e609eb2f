/** The label value that stands for every value past the bound. */
export const OTHER = 'other';

/** GraphQL names (operation names) and our own codes are plain identifiers; anything else is not kept. */
const PLAIN_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * A bounded set of label values for a label whose values a client chooses (operation names):
 * the first `capacity` plain names seen keep their own value, every later one becomes `other`.
 * Prometheus keeps one series per label value, so an unbounded label is a memory leak in the
 * server and in Prometheus; the bound holds whatever a client sends.
 */
export class BoundedLabelValues {
  private readonly kept = new Set<string>();

  constructor(readonly capacity: number) {}

  value(name: string | null | undefined, fallback = OTHER): string {
    if (!name) return fallback;
    if (this.kept.has(name)) return name;
    if (this.kept.size >= this.capacity || !PLAIN_NAME.test(name)) return OTHER;
    this.kept.add(name);
    return name;
  }
}
