import { AjvCompiler, type RouteDefinition, type ValidatorFactory } from '@fastify/ajv-compiler';

type Validate = ((data: unknown, context?: object) => unknown) & { errors?: unknown; schemaEnv?: unknown };

const uncompiled = new Set<() => Validate>();

/**
 * Compiles every validator not compiled yet, so a test can find a schema Ajv rejects without
 * sending each route a request (the start no longer does).
 */
export function compileEveryValidator(): number {
  const waiting = [...uncompiled];
  for (const compile of waiting) compile();
  return waiting.length;
}

/**
 * A validator that compiles itself on its route's first request rather than at start: compiling
 * every route's schemas took ~0.4 s of CPU per start, for routes most starts never serve. A schema
 * that Ajv rejects therefore fails its route's first request (500), not the start.
 */
export function compiledOnFirstUse<V>(compile: () => V): V {
  let compiled: Validate | undefined;
  const compileOnce = () => {
    compiled ??= compile() as unknown as Validate;
    uncompiled.delete(compileOnce);
    return compiled;
  };
  uncompiled.add(compileOnce);
  const validate: Validate = (data, context) => {
    const check = compileOnce();
    const result = check(data, context);
    validate.errors = check.errors;
    return result;
  };
  // Fastify hands Ajv the parent object (so coercion can replace a root value) when this is set, as on Ajv's own functions.
  validate.schemaEnv = true;
  return validate as unknown as V;
}

/** Fastify's own Ajv validators (same options, same shared schemas), each compiled on first use. */
export function lazyValidators(): ValidatorFactory {
  const build = AjvCompiler();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route: RouteDefinition) => compiledOnFirstUse(() => compile(route));
  };
}
