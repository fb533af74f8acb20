// openapi-fuzzer-core ships no types: what the fuzz tests use of it.
declare module 'openapi-fuzzer-core' {
	const fuzzer: { swagger(document: unknown): unknown[] };
	export default fuzzer;
}

/** Its generator: fake (valid-looking) values for parameters and schemas. */
declare module 'openapi-fuzzer-core/src/swagger.js' {
	export default class Swagger {
		constructor(document: unknown);
		getFakeParams(parameters: unknown[]): Record<string, unknown>;
		fakeParameter(schema: unknown): unknown;
	}
}
