// Where each state of a lifecycle goes on the diagram: columns by distance from the initial
// state (breadth first), rows in table order. Pure, so it is unit-tested without a browser.

export interface DiagramInput {
	statuses: readonly string[];
	initial: string;
	transitions: readonly { from: string; to: string }[];
}

export interface Placed {
	status: string;
	column: number;
	row: number;
}

export function layoutStates({ statuses, initial, transitions }: DiagramInput): Placed[] {
	const depth = new Map<string, number>([[initial, 0]]);
	const queue = [initial];
	while (queue.length > 0) {
		const from = queue.shift()!;
		for (const { to } of transitions.filter((t) => t.from === from)) {
			if (depth.has(to)) continue;
			depth.set(to, depth.get(from)! + 1);
			queue.push(to);
		}
	}
	// States no transition reaches (e.g. a draft before the initial state) go first.
	const column = (status: string) => depth.get(status) ?? (transitions.some((t) => t.from === status) ? 0 : Math.max(0, ...depth.values()) + 1);
	const rows = new Map<number, number>();
	return statuses.map((status) => {
		const col = column(status);
		const row = rows.get(col) ?? 0;
		rows.set(col, row + 1);
		return { status, column: col, row };
	});
}
