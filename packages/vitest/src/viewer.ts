import { type Cdn, type CdnRequestInit, EdgecaseError, type Viewer, type ViewerOptions } from '@edgecase/cdn';
import { describeValue } from './describe-value.js';

/** A named browser fetching through the distribution with its own routing. */
export interface ViewerHelper extends Viewer {
  /** `GET path` as this viewer: `viewer.get('/a.jpg')`, or pinned: `viewer.get('/a.jpg', { pop: 'SFO5', server: 2 })`. */
  get(path: string, init?: Omit<CdnRequestInit, 'method'>): Promise<Response>;
  /** `HEAD path` as this viewer. */
  head(path: string, init?: Omit<CdnRequestInit, 'method'>): Promise<Response>;
  /**
   * Another viewer of the same distribution, e.g. `viewer.as('phone', { routing: 'random' })` or
   * `viewer.as('paris', { country: 'FR', ip: '203.0.113.7' })`.
   */
  as(name: string, options?: ViewerOptions): ViewerHelper;
}

/** Wraps `cdn.viewer(name)` with `get`, `head` and `as`. The `viewer` fixture is `createViewer(cdn)`. */
export function createViewer(cdn: Cdn, name = 'browser', options: ViewerOptions = {}): ViewerHelper {
  if (typeof (cdn as Partial<Cdn> | undefined)?.viewer !== 'function') {
    throw new EdgecaseError(
      'InvalidOption',
      `createViewer: expected a Cdn from createCdn, got ${describeValue(cdn)}.`,
      {
        value: cdn,
      },
    );
  }
  const viewer = cdn.viewer(name, options);
  return {
    name: viewer.name,
    attributes: viewer.attributes,
    fetch: viewer.fetch,
    get: (path, init) => viewer.fetch(path, { ...init, method: 'GET' }),
    head: (path, init) => viewer.fetch(path, { ...init, method: 'HEAD' }),
    as: (other, otherOptions) => createViewer(cdn, other, otherOptions),
  };
}
