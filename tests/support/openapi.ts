/**
 * Reading the server's own OpenAPI document in tests: the operations it lists, their parameters and
 * body schemas, valid example bodies derived from those schemas, and the routes the app really has.
 * Tests that walk the API derive their work from here, so a new route is covered without editing them.
 */
export type JsonSchema = Record<string, any>;
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components?: any;
};

export const CHANGING_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const HTTP_METHODS = new Set(['get', 'head', 'options', 'post', 'put', 'patch', 'delete']);

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  /** "POST /api/v1/..." */
  label: string;
  parameters: Parameter[];
  pathParams: string[];
  queryParams: Parameter[];
  /** The application/json request body schema, $refs resolved at the top. */
  bodySchema: JsonSchema | undefined;
  /** Every content type the request body may have (uploads: the file types they take). */
  bodyTypes: string[];
  /** Its security requirements: [] for a public operation; undefined when it names none. */
  security: Record<string, string[]>[] | undefined;
  /** The roles named in x-sofortdesk-roles (e.g. admins only); undefined: whoever may see the resource. */
  roles: string[] | undefined;
}

export function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema {
  let current = schema ?? {};
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
    const target = ref
      .slice(2)
      .split('/')
      .reduce<JsonSchema | undefined>(
        (node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')] as JsonSchema | undefined,
        doc,
      );
    if (!target) throw new Error(`dangling $ref ${ref}`);
    current = target;
  }
  return current;
}

export function operations(doc: OpenApiDocument): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const parameters: Parameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => {
        const resolved = resolve(doc, p);
        return {
          ...resolved,
          schema: resolve(doc, resolved.schema),
          required: !!resolved.required,
        } as Parameter;
      });
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      const body = op.requestBody && resolve(doc, op.requestBody);
      const jsonContent = body?.content?.['application/json'];
      result.push({
        method,
        path,
        label: `${method.toUpperCase()} ${path}`,
        parameters,
        pathParams: templated,
        queryParams: parameters.filter((p) => p.in === 'query'),
        bodySchema: jsonContent ? resolve(doc, jsonContent.schema) : undefined,
        bodyTypes: Object.keys(body?.content ?? {}),
        security: op.security,
        roles: op['x-sofortdesk-roles'],
      });
    }
  }
  return result;
}

/** Whether an agent's credentials (API token or session) are what the operation asks for. */
export const isAgentOperation = (op: Operation) =>
  op.security?.some((requirement) => 'bearer' in requirement || 'session' in requirement) ?? false;

/** Whether the widget's visitor token is what the operation asks for. */
export const isVisitorOperation = (op: Operation) =>
  op.security?.some((requirement) => 'visitor' in requirement) ?? false;

/** The path with each {param} replaced (URI-encoded); throws when a parameter has no value. */
export function fillPath(path: string, values: Record<string, string | undefined>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter {${name}} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** Operational endpoints that are deliberately not part of the API description. */
export const OPERATIONAL_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /api/docs',
]);

/**
 * Operational endpoints, the documentation's own assets and the web pages outside /api (the help
 * centre): served, but not API operations.
 */
export const isOperationalRoute = (route: string) =>
  OPERATIONAL_ROUTES.has(route) || route.startsWith('GET /api/docs/') || !/^[A-Z]+ \/api\//.test(route);

/** "METHOD /path/{param}" for every route the hono app has registered (middleware excluded). */
export function registeredRoutes(app: { routes: { method: string; path: string }[] }): string[] {
  const routes = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    routes.add(`${route.method.toUpperCase()} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  }
  return [...routes].sort();
}

export interface ExampleOptions {
  /**
   * A value for a string field that holds an id (its name ends in "Id") and cannot be null: an id
   * the caller knows to exist. Return undefined to fail loudly: a guessed id would not be valid.
   */
  idFor: (field: string) => string | undefined;
  /** Distinguishes repeated examples (unique e-mail addresses, external ids). */
  unique: string;
}

const PATTERN_CANDIDATES = ['+49 30 1234567', 'text/plain', 'probe', 'a', '1'];

/**
 * A valid value for the schema: every property filled (so changes really change something),
 * nullable fields null, enums their last value, formats a plausible instance. Throws where it
 * cannot make one, so a test never silently sends something the server rejects for validation.
 */
export function exampleFor(
  doc: OpenApiDocument,
  schema: JsonSchema,
  options: ExampleOptions,
  field = '$',
): unknown {
  const s = resolve(doc, schema);
  const name = field.split('.').at(-1)!;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum.at(-1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) {
      for (const option of s[key]) {
        try {
          return exampleFor(doc, option, options, field);
        } catch {
          // try the next alternative
        }
      }
      throw new Error(`no example for any alternative of ${field}`);
    }
  }
  if (Array.isArray(s.allOf) && s.allOf.length === 1) return exampleFor(doc, s.allOf[0], options, field);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes('null')) return null;
  const type = types[0];
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [key, value] of Object.entries<JsonSchema>(s.properties ?? {})) {
        try {
          result[key] = exampleFor(doc, value, options, `${field}.${key}`);
        } catch (error) {
          if (required.has(key)) throw error; // an optional field we cannot fill is left out
        }
      }
      return result;
    }
    case 'array': {
      // Lists of ids: empty (an id list needs real ids of the right kind); anything else one item.
      if (/Ids$/.test(name)) return [];
      const item = resolve(doc, s.items);
      try {
        return [exampleFor(doc, item, options, `${field}[]`)];
      } catch {
        if ((s.minItems ?? 0) === 0) return [];
        throw new Error(`no example item for ${field}`);
      }
    }
    case 'string': {
      if (/Id$/.test(name)) {
        const id = options.idFor(name);
        if (id === undefined) throw new Error(`no known id for the body field ${field}; teach the test one`);
        return id;
      }
      if (s.format === 'email') return `probe-${options.unique}@example.test`;
      if (s.format === 'uri' || s.format === 'url') return 'https://example.test/probe';
      if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      let value = `probe ${options.unique}`;
      if (typeof s.pattern === 'string') {
        const pattern = new RegExp(s.pattern, 'u');
        const match = [value, ...PATTERN_CANDIDATES].find((candidate) => pattern.test(candidate));
        if (match === undefined) throw new Error(`no example for the pattern of ${field}`);
        value = match;
      }
      if (typeof s.minLength === 'number' && value.length < s.minLength)
        value = value.padEnd(s.minLength, 'x');
      if (typeof s.maxLength === 'number') value = value.slice(0, s.maxLength);
      return value;
    }
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return true;
    default:
      throw new Error(`no example for ${field} (schema ${JSON.stringify(s)})`);
  }
}
