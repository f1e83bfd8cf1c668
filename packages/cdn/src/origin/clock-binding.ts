import type { Clock } from '../clock/clock.js';
import { EdgecaseError, invalid } from '../errors.js';

/**
 * The clock an origin keeps time with. An origin created without one adopts the first clock bound
 * to it (`createCdn` binds the distribution's clock); binding a different clock later is a mistake,
 * because two clocks would disagree about when uploads finish and faults start.
 */
export class ClockBinding {
  #clock: Clock | undefined;
  readonly #owner: string;

  /** `owner` names the origin in messages, e.g. `memoryOrigin "memory:edgecase"`. */
  constructor(owner: string, clock?: Clock) {
    if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock.schedule !== 'function')) {
      invalid('InvalidOption', `${owner} clock`, 'a Clock such as new ManualClock()', clock);
    }
    this.#owner = owner;
    this.#clock = clock;
  }

  /** The bound clock, or `undefined` before any is bound. */
  get current(): Clock | undefined {
    return this.#clock;
  }

  /** Adopts `clock` when none is bound yet; accepts the same clock again; rejects another one. */
  bind(clock: Clock): void {
    if (this.#clock === undefined) {
      this.#clock = clock;
      return;
    }
    if (this.#clock !== clock) {
      throw new EdgecaseError('ClockMismatch', `${this.#owner} is already bound to another clock.`, {
        value: clock,
        hint: 'Pass the same clock to the origin and to createCdn, or create one origin per CDN.',
      });
    }
  }

  /** The bound clock; `feature` (e.g. `put`) names what needed it when none is bound yet. */
  require(feature: string): Clock {
    if (this.#clock !== undefined) return this.#clock;
    throw new EdgecaseError(
      'ClockNotBound',
      `${this.#owner}: ${feature} needs a clock, and none is bound yet.`,
      {
        hint: 'Pass `clock` when creating the origin, or create the CDN (createCdn binds its clock) first.',
      },
    );
  }
}
