/**
 * Request parameters, parsed once. Empty values count as absent (RFC 6749 3.1: "sent
 * without a value MUST be treated as if they were omitted"); names sent more than once are
 * remembered so that every endpoint can refuse them (RFC 6749 3.1, 3.2).
 */
export class Params {
  readonly #values = new Map<string, string>();
  /** The values after the first, of names sent more than once (made at the first repeat). */
  #repeats: Map<string, string[]> | null = null;
  readonly duplicates = new Set<string>();

  /** Reads `URLSearchParams` or an object from a body parser (arrays mean repeated names). */
  static from(source: URLSearchParams | Record<string, unknown> | null | undefined): Params {
    const params = new Params();
    if (!source) return params;
    if (source instanceof URLSearchParams) {
      for (const [k, v] of source) params.#add(k, v);
    } else {
      for (const [k, v] of Object.entries(source)) {
        if (Array.isArray(v)) for (const item of v) params.#add(k, stringify(item));
        else if (v !== undefined) params.#add(k, stringify(v));
      }
    }
    return params;
  }

  /**
   * An `application/x-www-form-urlencoded` text, parsed as `URLSearchParams` parses it.
   * Text with nothing to decode (no `%`, no `+`, no leading `?`), which most form bodies are,
   * is split in place; anything else goes through `URLSearchParams`. The text must be well
   * formed UTF-16 (as decoded from bytes), which `URLSearchParams` would otherwise repair.
   */
  static fromForm(text: string): Params {
    if (text.includes('%') || text.includes('+') || text.startsWith('?')) {
      return Params.from(new URLSearchParams(text));
    }
    const params = new Params();
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('&', start);
      if (end === -1) end = text.length;
      if (end > start) {
        const eq = text.indexOf('=', start);
        if (eq === -1 || eq > end) params.#add(text.slice(start, end), '');
        else params.#add(text.slice(start, eq), text.slice(eq + 1, end));
      }
      start = end + 1;
    }
    return params;
  }

  /** Both sets of parameters; a name present in both counts as repeated. */
  static merge(a: Params, b: Params): Params {
    const params = new Params();
    for (const p of [a, b]) {
      for (const d of p.duplicates) params.duplicates.add(d);
      for (const [k, v] of p.#values) params.#add(k, v);
      for (const [k, vs] of p.#repeats ?? []) for (const v of vs) params.#add(k, v);
    }
    return params;
  }

  #add(name: string, value: string): void {
    if (value === '') return;
    if (!this.#values.has(name)) {
      this.#values.set(name, value);
      return;
    }
    this.duplicates.add(name);
    this.#repeats ??= new Map();
    const repeats = this.#repeats.get(name);
    if (repeats) repeats.push(value);
    else this.#repeats.set(name, [value]);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /**
   * Every value of `name`, in the order sent: for the parameters a grant or endpoint
   * declares repeatable (RFC 8707 `resource`, RFC 8693 `audience`).
   */
  getAll(name: string): string[] {
    const first = this.#values.get(name);
    if (first === undefined) return [];
    const repeats = this.#repeats?.get(name);
    return repeats ? [first, ...repeats] : [first];
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** The first of `names` that was repeated, if any. */
  firstDuplicate(names?: Iterable<string>): string | undefined {
    if (this.duplicates.size === 0) return undefined;
    if (!names) return this.duplicates.values().next().value;
    for (const n of names) if (this.duplicates.has(n)) return n;
    return undefined;
  }

  /** The first repeated name that is not in `allowed` (the names that may repeat), if any. */
  firstDisallowedDuplicate(allowed: ReadonlySet<string>): string | undefined {
    if (this.duplicates.size === 0) return undefined;
    for (const n of this.duplicates) if (!allowed.has(n)) return n;
    return undefined;
  }

  entries(): IterableIterator<[string, string]> {
    return this.#values.entries();
  }
}

// Nested objects from "extended" body parsers are not OAuth values: keep them unusable.
function stringify(v: unknown): string {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : '\u0000[object]';
}
