/** The label value that stands for every value past the bound. */
export const OTHER = 'other';

/** GraphQL names (operation names) and our own codes are plain identifiers; anything else is not kept. */
const PLAIN_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/**
 * A name that looks like it carries an id is not kept either: a run of 6+ digits, or of 8+ hex
 * characters with a digit in it (a UUID or hash fragment). `GetWorkflow2` passes; `Get_3f9a1c0e` does not.
 */
const LOOKS_LIKE_ID = /\d{6}|(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8}/;

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
    if (this.kept.size >= this.capacity || !PLAIN_NAME.test(name) || LOOKS_LIKE_ID.test(name)) return OTHER;
    this.kept.add(name);
    return name;
  }
}
