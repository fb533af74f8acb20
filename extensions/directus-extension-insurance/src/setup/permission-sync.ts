// Which seeded permission rows to create, update, remove or leave alone. Pure: the setup feeds
// it the seed, the rows of one access policy and what the seed wrote last time.
import { createHash } from 'node:crypto';

export interface PermissionContent {
	fields: string[] | null;
	permissions: Record<string, unknown> | null;
	validation: Record<string, unknown> | null;
	presets: Record<string, unknown> | null;
}
export interface DesiredPermission {
	collection: string;
	action: string;
	content: PermissionContent;
}
export interface ExistingPermission {
	id: number;
	collection: string;
	action: string;
	content: PermissionContent;
}
/** What the seed wrote for a policy + collection + action, as a checksum of the content. */
export interface SeedRecord {
	id: number;
	collection: string;
	action: string;
	checksum: string;
}

export type SyncStep =
	| { kind: 'create'; collection: string; action: string; content: PermissionContent }
	| { kind: 'update'; collection: string; action: string; permissionId: number; recordId: number; content: PermissionContent }
	/** An identical row the seed did not record (an older install): from now on it follows the seed. */
	| { kind: 'adopt'; collection: string; action: string; content: PermissionContent }
	/** The seed no longer grants it and nobody changed it. */
	| { kind: 'delete'; collection: string; action: string; permissionId: number; recordId: number }
	/** The administrator changed a seeded row, or the seed dropped a row they had changed: stop managing it. */
	| { kind: 'forget'; collection: string; action: string; recordId: number }
	/** A row the administrator owns, left as it is. */
	| { kind: 'keep'; collection: string; action: string };

const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);

/** Key order and empty-vs-null do not matter; field order does not either. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value as object)
				.sort()
				.map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
		);
	}
	return value;
}

export function permissionChecksum(content: PermissionContent): string {
	const normal = {
		fields: [...(content.fields ?? [])].sort(),
		permissions: isEmpty(content.permissions) ? null : canonical(content.permissions),
		validation: isEmpty(content.validation) ? null : canonical(content.validation),
		presets: isEmpty(content.presets) ? null : canonical(content.presets),
	};
	return createHash('sha256').update(JSON.stringify(normal)).digest('hex');
}

export function planPermissionSync(desired: DesiredPermission[], existing: ExistingPermission[], records: SeedRecord[]): SyncStep[] {
	const key = (row: { collection: string; action: string }) => `${row.collection}:${row.action}`;
	const rows = new Map(existing.map((row) => [key(row), row]));
	const recorded = new Map(records.map((record) => [key(record), record]));
	const steps: SyncStep[] = [];

	for (const want of desired) {
		const { collection, action, content } = want;
		const row = rows.get(key(want));
		const record = recorded.get(key(want));
		const wanted = permissionChecksum(content);
		if (!row && !record) steps.push({ kind: 'create', collection, action, content });
		// Deleted by an administrator: the record stays, so the row is not created again.
		else if (!row && record) steps.push({ kind: 'keep', collection, action });
		else if (row && !record) steps.push(permissionChecksum(row.content) === wanted ? { kind: 'adopt', collection, action, content } : { kind: 'keep', collection, action });
		else if (row && record) {
			const current = permissionChecksum(row.content);
			if (current !== record.checksum) steps.push({ kind: 'forget', collection, action, recordId: record.id });
			else if (current !== wanted) steps.push({ kind: 'update', collection, action, permissionId: row.id, recordId: record.id, content });
		}
	}

	const wantedKeys = new Set(desired.map(key));
	for (const record of records.filter((r) => !wantedKeys.has(key(r)))) {
		const { collection, action } = record;
		const row = rows.get(key(record));
		if (row && permissionChecksum(row.content) === record.checksum) steps.push({ kind: 'delete', collection, action, permissionId: row.id, recordId: record.id });
		else steps.push({ kind: 'forget', collection, action, recordId: record.id });
	}
	return steps;
}
