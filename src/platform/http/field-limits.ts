import type { FastifyInstance, RouteOptions } from 'fastify';
import { attr } from './form-labels.ts';

/**
 * Every posted form's text fields carry the `maxlength` of the route that takes them, read from
 * that route's body schema: the browser stops typing where the server would refuse, whichever
 * module drew the form. (A field over its limit that gets through, pasted by a script, comes back
 * with the form: error-handling.tsx.)
 */
type Limits = Record<string, number>;

const TEXTUAL = new Set(['text', 'email', 'tel', 'search', 'url', 'password']);
// Attributes as the views write them, double-quoted: a `>` inside a value does not end the tag.
const ATTRS = String.raw`((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)`;
const FORM = new RegExp(String.raw`<form\b${ATTRS}\s*>([\s\S]*?)<\/form>`, 'gi');
const FIELD = new RegExp(String.raw`<(input|textarea)\b${ATTRS}\s*(\/?)>`, 'gi');

function limitsOfSchema(route: RouteOptions): Limits | undefined {
  const body = route.schema?.body as { properties?: Record<string, { maxLength?: number }> } | undefined;
  const limits = Object.fromEntries(Object.entries(body?.properties ?? {}).filter(([, p]) => typeof p.maxLength === 'number').map(([name, p]) => [name, p.maxLength!]));
  return Object.keys(limits).length ? limits : undefined;
}

/** A route's path as a pattern: `:id` is one segment, `*` the rest. */
const patternOf = (url: string) => new RegExp(`^${url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);

export function fieldLimits(app: FastifyInstance) {
  const routes: { pattern: RegExp; params: number; limits: Limits }[] = [];
  app.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('POST')) return;
    const limits = limitsOfSchema(route);
    if (limits) routes.push({ pattern: patternOf(route.url), params: (route.url.match(/[:*]/g) ?? []).length, limits });
  });
  // As the router chooses: a static path before one with parameters.
  const limitsOf = (action: string) => {
    const path = action.split(/[?#]/)[0]!;
    return routes.filter((r) => r.pattern.test(path)).sort((a, b) => a.params - b.params)[0]?.limits;
  };
  return {
    /** The page's HTML with `maxlength` on each text field of its posted forms that has none. */
    apply(html: string, pageUrl: string): string {
      if (!html.includes('method="post"')) return html;
      return html.replace(FORM, (whole, tag: string, body: string) => {
        if (attr(tag, 'method')?.toLowerCase() !== 'post') return whole;
        const limits = limitsOf((attr(tag, 'action') ?? pageUrl).replaceAll('&amp;', '&'));
        return limits ? `<form${tag}>${withLimits(body, limits)}</form>` : whole;
      });
    },
  };
}

function withLimits(body: string, limits: Limits): string {
  return body.replace(FIELD, (tag, element: string, attrs: string, close: string) => {
    const name = attr(attrs, 'name');
    const textual = element.toLowerCase() === 'textarea' || TEXTUAL.has(attr(attrs, 'type') ?? 'text');
    if (!name || limits[name] === undefined || !textual || /\smaxlength=/i.test(attrs)) return tag;
    return `<${element}${attrs} maxlength="${limits[name]}"${close}>`;
  });
}
