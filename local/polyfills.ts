/**
 * What the local runtime's dependencies expect of a newer Node.js than the project's minimum (20.19).
 *
 * aws-local-stepfunctions 3 declares Node ≥ 22 and calls `Promise.withResolvers` (ES2024, Node 22) for every
 * Task state. The standard polyfill of that one function is enough (local-stack.md); it is only installed
 * where the runtime lacks it. Import this module before the library runs anything.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const PromiseWithResolvers = Promise as PromiseConstructor & { withResolvers?: <T>() => Resolvers<T> };

if (typeof PromiseWithResolvers.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve'];
      let reject!: Resolvers<T>['reject'];
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
