/** Warnings about a target that a sync tells once, however often the cause is met. */
export class RunWarnings {
  readonly #pending: string[] = [];
  readonly #told = new Set<string>();

  add(warning: string): void {
    if (this.#told.has(warning)) return;
    this.#told.add(warning);
    this.#pending.push(warning);
  }

  /** The warnings added since the last call. */
  take(): string[] {
    return this.#pending.splice(0);
  }
}
