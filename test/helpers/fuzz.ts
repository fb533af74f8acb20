// Fuzzing an OpenAPI document with tools from npm: openapi-fuzzer-core generates the requests
// (missing fields, wrong types, out-of-range values, unknown paths and methods),
// openapi-response-validator checks every answer against the document. A "mismatch" is an
// answer the document does not describe, or a success for a request the document says is invalid.
import fuzzer from 'openapi-fuzzer-core';
import Swagger from 'openapi-fuzzer-core/src/swagger.js';
import validatorModule from 'openapi-response-validator';
import { DateTime } from 'luxon';

// A CommonJS module with an `exports.default`: Node's ESM loader hands over the whole exports.
const OpenAPIResponseValidator = ((validatorModule as unknown as { default?: typeof validatorModule }).default ?? validatorModule) as typeof validatorModule;
type OpenAPIResponseValidator = InstanceType<typeof validatorModule>;

type Schema = Record<string, any>;
export interface OpenApiDocument {
	paths: Record<string, Record<string, Operation>>;
	components?: Schema;
}
interface Operation {
	parameters?: Schema[];
	requestBody?: { content?: Record<string, { schema?: Schema }> };
	responses: Record<string, Schema>;
}
interface FuzzRequest {
	method: string;
	path: string;
	pathParams?: Record<string, unknown>;
	queryParams?: Record<string, unknown>;
	body?: unknown;
}
interface FuzzSpec {
	name: string;
	request: FuzzRequest;
	expect: { status: number[] };
}

export interface Finding {
	request: string;
	status: number;
	problem: string;
}
export interface FuzzReport {
	sent: number;
	/** How many answers had each status. */
	statuses: Record<number, number>;
	/** Requests asked again after a 503 of the pressure limiter. */
	retried: number;
	serverErrors: Finding[];
	mismatches: Finding[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Types openapi-fuzzer-core generates values for. */
const FUZZABLE = ['integer', 'string', 'boolean', 'object', 'array'];
const FORMAT_EXAMPLES: Record<string, string> = { date: '2026-03-01', 'date-time': '2026-03-01T09:00:00Z', timestamp: '2026-03-01T09:00:00Z', uuid: '00000000-0000-4000-8000-000000000000' };

function resolve(document: OpenApiDocument, schema: Schema | undefined): Schema {
	let current = schema ?? {};
	while (typeof current['$ref'] === 'string') {
		current = current['$ref']
			.replace(/^#\//, '')
			.split('/')
			.reduce((node: Schema, key: string) => node?.[key], document as Schema);
	}
	return current;
}

/**
 * The fuzzer reads Swagger 2 (parameters with their type inline, bodies as `in: body` with a
 * definition): present each OpenAPI 3 schema in that shape, taking the first fuzzable branch of
 * a type list or a oneOf and the first example.
 */
function swaggerSchema(document: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
	const source = resolve(document, schema);
	const branches = [...(source['oneOf'] ?? []), ...(source['anyOf'] ?? [])].map((branch: Schema) => resolve(document, branch));
	const branch = branches.find((b) => FUZZABLE.includes(typeOf(b))) ?? branches[0];
	const merged = branch ? { ...source, ...branch } : source;
	const out: Schema = { ...merged, type: typeOf(merged) };
	delete out['oneOf'];
	delete out['anyOf'];
	if (Array.isArray(merged['examples']) && out['example'] === undefined) out['example'] = merged['examples'][0];
	// The fuzzer knows no formats: a date field gets a date, so that the other fields are tried.
	if (out['example'] === undefined && out['type'] === 'string' && FORMAT_EXAMPLES[merged['format']]) out['example'] = FORMAT_EXAMPLES[merged['format']];
	if (depth > 4) return { type: out['type'] === 'object' || out['type'] === 'array' ? 'string' : out['type'] };
	if (merged['properties']) out['properties'] = Object.fromEntries(Object.entries(merged['properties'] as Record<string, Schema>).map(([key, value]) => [key, swaggerSchema(document, value, depth + 1)]));
	if (merged['items']) out['items'] = swaggerSchema(document, merged['items'], depth + 1);
	return out;
}

function typeOf(schema: Schema): string {
	const type = schema['type'];
	if (Array.isArray(type)) return type.find((t) => FUZZABLE.includes(t)) ?? type.find((t) => t !== 'null') ?? type[0];
	return type;
}

const jsonBodySchema = (operation: Operation) => operation.requestBody?.content?.['application/json']?.schema;

/**
 * For the operations `include` keeps: first one base request per operation, of the fuzzer's fake
 * values (the documented examples where there are any), so that success answers are checked
 * against the document too; then the fuzzer's own requests, in its order.
 */
export function fuzzRequests(document: OpenApiDocument, include: (path: string) => boolean): FuzzSpec[] {
	const definitions: Record<string, Schema> = {};
	const paths: Record<string, Record<string, Schema>> = {};
	for (const [path, item] of Object.entries(document.paths)) {
		if (!include(path)) continue;
		for (const [method, operation] of Object.entries(item)) {
			if (!METHODS.includes(method)) continue;
			const parameters: Schema[] = (operation.parameters ?? []).map((p) => resolve(document, p)).map((p) => ({ ...swaggerSchema(document, p['schema']), name: p['name'], in: p['in'], required: p['required'] }));
			const body = jsonBodySchema(operation);
			if (body) {
				const name = `${method}${path}`.replace(/\W+/g, '_');
				definitions[name] = swaggerSchema(document, body);
				parameters.push({ name: 'body', in: 'body', schema: { $ref: `#/definitions/${name}` } });
			}
			(paths[path] ??= {})[method] = { parameters };
		}
	}
	const swagger = { basePath: '', paths, definitions };
	const faker = new Swagger(swagger);
	const base = Object.entries(paths).flatMap(([path, item]) =>
		Object.entries(item).map(([method, { parameters }]) => {
			const of = (place: string) => faker.getFakeParams((parameters as Schema[]).filter((p) => p.in === place));
			const body = (parameters as Schema[]).find((p) => p.in === 'body');
			const request: FuzzRequest = { method, path, pathParams: of('path'), queryParams: of('query') };
			if (body) request.body = faker.fakeParameter(body['schema']);
			return { name: 'BASE', request, expect: { status: [] } };
		}),
	);
	return [...base, ...(fuzzer.swagger(swagger) as FuzzSpec[])];
}

/** The documented operation a fuzz request targets, if any. */
function operationOf(document: OpenApiDocument, request: FuzzRequest) {
	const operation = document.paths[request.path]?.[request.method];
	return operation && !request.path.endsWith('/INVALID/PATH') ? operation : undefined;
}

function urlOf(base: string, request: FuzzRequest) {
	const path = request.path.replace(/\{(\w+)\}/g, (whole, name: string) => (request.pathParams && name in request.pathParams ? encodeURIComponent(String(request.pathParams[name])) : whole));
	const url = new URL(base + path);
	for (const [key, value] of Object.entries(request.queryParams ?? {})) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
	return url;
}

const describeRequest = (request: FuzzRequest, url: URL) => `${request.method.toUpperCase()} ${url.pathname}${url.search}${'body' in request ? ` ${JSON.stringify(request.body)}` : ''}`;

/** The formats our document uses, checked as the document means them (the validator only knows their names). */
const FORMATS = {
	date: (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid,
	uuid: (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
};

/** Whether `value` matches `schema` of the document. */
export function acceptsValue(document: Pick<OpenApiDocument, 'components'>, schema: Schema, value: unknown): boolean {
	let validator = valueValidators.get(schema);
	if (!validator) {
		const responses = { 200: { description: 'the value', content: { 'application/json': { schema } } } };
		valueValidators.set(schema, (validator = new OpenAPIResponseValidator({ responses: responses as never, components: document.components as never, customFormats: FORMATS })));
	}
	return !validator.validateResponse(200, value);
}
const valueValidators = new WeakMap<Schema, OpenAPIResponseValidator>();

/** Whether the document accepts what the request sent: its path parameters and its body. */
function documentAccepts(document: OpenApiDocument, operation: Operation, request: FuzzRequest): boolean {
	const accepts = (schema: Schema | undefined, value: unknown) => !schema || acceptsValue(document, schema, value);
	for (const parameter of (operation.parameters ?? []).map((p) => resolve(document, p))) {
		const value = request.pathParams?.[parameter['name']] ?? request.queryParams?.[parameter['name']];
		if (value !== undefined && !accepts(parameter['schema'], value)) return false;
	}
	return !('body' in request) || accepts(jsonBodySchema(operation), request.body);
}

const validators = new WeakMap<Operation, OpenAPIResponseValidator>();

/**
 * Sends the requests one after the other with `token` (or none) and checks each answer: no 5xx;
 * with `compare`, for a documented operation a documented status with a body matching its
 * schema and no success where the document refuses the request, elsewhere (unknown paths and
 * methods) a 4xx error.
 */
export async function runFuzz(base: string, document: OpenApiDocument, specs: FuzzSpec[], { token, compare = true }: { token?: string; compare?: boolean } = {}): Promise<FuzzReport> {
	const report: FuzzReport = { sent: 0, retried: 0, statuses: {}, serverErrors: [], mismatches: [] };
	for (const { request } of specs) {
		const url = urlOf(base, request);
		const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
		if ('body' in request) headers['content-type'] = 'application/json';
		const send = () => fetch(url, { method: request.method.toUpperCase(), headers, body: 'body' in request ? JSON.stringify(request.body) : undefined });
		let response = await send();
		// Directus' pressure limiter sheds load on a busy machine: wait and ask again, as a client would.
		for (let retry = 1; response.status === 503 && retry <= 5; retry++) {
			report.retried++;
			await response.body?.cancel();
			await new Promise((resume) => setTimeout(resume, 1000 * retry));
			response = await send();
		}
		report.sent++;
		report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
		const text = await response.text();
		const isJson = (response.headers.get('content-type') ?? '').includes('json');
		const body = isJson && text ? JSON.parse(text) : text;
		const finding = (problem: string): Finding => ({ request: describeRequest(request, url), status: response.status, problem });
		if (response.status >= 500) {
			report.serverErrors.push(finding(text.slice(0, 300)));
			continue;
		}
		if (!compare) continue;
		const operation = operationOf(document, request);
		if (!operation) {
			if (response.status < 400 || response.status >= 500 || !isJson || !Array.isArray(body?.errors)) report.mismatches.push(finding('an undocumented path or method answered other than a 4xx error'));
			continue;
		}
		let validator = validators.get(operation);
		if (!validator) validators.set(operation, (validator = new OpenAPIResponseValidator({ responses: operation.responses as never, components: document.components as never, customFormats: FORMATS })));
		const invalid = validator.validateResponse(response.status, body);
		if (invalid) report.mismatches.push(finding(`${invalid.message} ${JSON.stringify(invalid.errors.slice(0, 3))} ${text.slice(0, 200)}`));
		else if (response.status < 400 && !documentAccepts(document, operation, request)) report.mismatches.push(finding('the server accepted a request the document refuses'));
	}
	return report;
}

/** At most `limit` of the specs, spread evenly over them. */
export function spread<T>(items: T[], limit: number): T[] {
	if (items.length <= limit) return items;
	const step = items.length / limit;
	return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]!);
}
