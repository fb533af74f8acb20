// How a refused delete is told: which rows keep the item, merged per collection and path.

export interface Blocker {
	/** The collection whose rows refer to the item. */
	collection: string;
	field: string;
	count: number;
	/** Collections the database would delete on the way (e.g. ["installments"]). */
	through: string[];
}

/** "3 claims", "2 payment_allocations (through its installments)", as one sentence part. */
export function describeBlockers(blockers: Blocker[]): string {
	const merged = new Map<string, Blocker>();
	for (const blocker of blockers) {
		const key = `${blocker.collection}|${blocker.through.join('>')}`;
		const seen = merged.get(key);
		merged.set(key, seen ? { ...seen, count: seen.count + blocker.count } : blocker);
	}
	const parts = [...merged.values()].map((b) => `${b.count} ${b.collection}${b.through.length ? ` (through its ${b.through.join(', ')})` : ''}`);
	return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

export function describeRefusedDelete(collection: string, item: string, blockers: Blocker[], alsoBlocked: number): string {
	const others = alsoBlocked > 0 ? ` (and ${alsoBlocked} more of the items asked for)` : '';
	return `${collection} ${item} cannot be deleted: ${describeBlockers(blockers)} refer to it${others}; nothing was deleted`;
}
