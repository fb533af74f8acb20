// What the item page's action bar does besides rendering: the contract of
// GET/POST /insurance/:collection/:id/actions, the inputs an action needs, the body it posts and
// the server's refusal in words.

/** One input of an action's dialog, as GET /insurance/:collection/:id/actions describes it. */
export interface ActionInputSpec {
	name: string;
	label?: string;
	/** text: several lines; list: one entry per item (the line decisions). */
	type: 'string' | 'text' | 'date' | 'amount' | 'integer' | 'choice' | 'list' | string;
	required: boolean;
	maxLength?: number;
	choices?: { value: string; label: string; to?: string | null }[];
}

export interface ItemAction {
	action: string;
	/** Where it leads; null when an input decides (a cancellation's reason type). */
	to: string | null;
	label: string;
	description?: string;
	inputs: ActionInputSpec[];
}

/** A claim line as the page shows it, with the proposal and the handler's decision. */
export interface ClaimLine {
	id: number;
	amount_claimed: string | number | null;
	amount_benefit: string | number | null;
	amount_approved: string | number | null;
	rejection_reason: string | null;
}

export interface LineDecision {
	amount: string;
	reason: string;
}

/** The input that carries the line decisions: the lines table of the claim page fills it. */
export const LINE_DECISIONS = 'lines';

/** The input's label from the server, else its name: "payment_reference" → "Payment reference". */
export function inputLabel(input: Pick<ActionInputSpec, 'name' | 'label'>): string {
	if (input.label) return input.label;
	const words = input.name.replace(/_/g, ' ').trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The widget an input asks for: a list to choose from, a long text, a date, a number or a line of text. */
export function widgetOf(input: ActionInputSpec): 'select' | 'textarea' | 'date' | 'number' | 'input' | 'lines' {
	if (input.name === LINE_DECISIONS) return 'lines';
	if (input.choices?.length) return 'select';
	if (input.type === 'text') return 'textarea';
	if (input.type === 'date') return 'date';
	if (input.type === 'amount' || input.type === 'integer') return 'number';
	return 'input';
}

export const choiceItems = (input: ActionInputSpec) => (input.choices ?? []).map((choice) => ({ text: choice.label, value: choice.value }));

/** Where the action leads with the inputs chosen so far: its own target, or the chosen reason's. */
export function targetOf(action: ItemAction, values: Record<string, unknown>): string | null {
	if (action.to) return action.to;
	for (const input of action.inputs) {
		const chosen = input.choices?.find((choice) => choice.value === values[input.name]);
		if (chosen?.to) return chosen.to;
	}
	return null;
}

/** Required inputs the dialog still lacks (line decisions come from the lines table and are optional). */
export function missingInputs(action: ItemAction, values: Record<string, unknown>): string[] {
	return action.inputs.filter((input) => input.required && input.name !== LINE_DECISIONS && isBlank(values[input.name])).map((input) => input.name);
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The decision a line starts with: what was decided before, else the proposal. */
export function initialDecision(line: ClaimLine): LineDecision {
	const amount = line.amount_approved ?? line.amount_benefit ?? line.amount_claimed;
	return { amount: amount === null || amount === undefined ? '' : String(amount), reason: line.rejection_reason ?? '' };
}

/** How many lines the handler decided otherwise than they started. */
export function changedCount(lines: ClaimLine[], decisions: Record<number, LineDecision>) {
	return lines.filter((line) => {
		const decision = decisions[line.id];
		const start = initialDecision(line);
		return decision && (Number(decision.amount) !== Number(start.amount) || decision.reason.trim() !== start.reason.trim());
	}).length;
}

/**
 * The line decisions to send: none when nothing changed (approving then takes every line at its
 * proposal, as the server does), otherwise every line, since a decision covers the whole claim.
 */
export function lineDecisions(lines: ClaimLine[], decisions: Record<number, LineDecision>) {
	if (changedCount(lines, decisions) === 0) return [];
	return lines.map((line) => {
		const decision = decisions[line.id] ?? initialDecision(line);
		return { id: line.id, amount_approved: decision.amount.trim() === '' ? null : Number(decision.amount), rejection_reason: decision.reason.trim() || null };
	});
}

/** The body of POST …/actions/:action: the action's inputs, blanks left out. */
export function actionBody(action: ItemAction, values: Record<string, unknown>, lines: ClaimLine[] = [], decisions: Record<number, LineDecision> = {}) {
	const body: Record<string, unknown> = {};
	for (const input of action.inputs) {
		if (input.name === LINE_DECISIONS) {
			const decided = lineDecisions(lines, decisions);
			if (decided.length > 0) body[LINE_DECISIONS] = decided;
		} else if (!isBlank(values[input.name])) {
			body[input.name] = input.type === 'integer' ? Number(values[input.name]) : values[input.name];
		}
	}
	return body;
}

/**
 * The server's refusal as a sentence: Directus answers {errors: [{message, extensions: {code}}]};
 * the message is the explanation (the code is for programs), several are joined.
 */
export function errorText(failure: unknown): string {
	const response = (failure as { response?: { status?: number; data?: { errors?: { message?: string; extensions?: { code?: string } }[] } } })?.response;
	const messages = (response?.data?.errors ?? []).map((error) => error.message?.trim()).filter((message): message is string => !!message);
	if (messages.length > 0) return messages.join('\n');
	if (response?.status === 403) return 'You are not allowed to do this.';
	if (response?.status) return `The server refused the request (HTTP ${response.status}).`;
	return failure instanceof Error && failure.message ? failure.message : 'The server could not be reached.';
}
