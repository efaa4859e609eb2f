/**
 * A value remembered for one request, per app instance. Keyed on Yoga's server context: the one
 * object that the `onRequest`/`onResponse` hooks and the GraphQL context share, whereas the Request
 * itself can be replaced on the way (the REST gate rewrites it). GraphQL's context is that object;
 * Sofa's (REST) is `Object.create(serverContext)`, hence the walk up the prototype chain.
 */
export function createRequestMemo<T>() {
  const values = new WeakMap<object, T>();
  return {
    set(serverContext: object, value: T): T {
      values.set(serverContext, value);
      return value;
    },
    get(context: object): T | undefined {
      for (let o: object | null = context; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
        const value = values.get(o);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  };
}
