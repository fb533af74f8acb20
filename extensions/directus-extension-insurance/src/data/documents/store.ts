// Client documents as Directus files: in a folder of their kind, through FilesService, so the
// configured storage, metadata and file permissions apply as to any upload.
import { Readable } from 'node:stream';
import type { ApiExtensionContext, SchemaOverview } from '@directus/types';

type Context = Pick<ApiExtensionContext, 'services' | 'database'>;

/** The top-level folder of that name, created the first time a document needs it. */
async function folderNamed(ctx: Context, schema: SchemaOverview, name: string): Promise<string> {
	const existing = await ctx.database('directus_folders').where({ name }).whereNull('parent').first('id');
	if (existing) return existing.id;
	return String(await new ctx.services.FoldersService({ knex: ctx.database, schema, accountability: null }).createOne({ name }));
}

export interface StoredDocument {
	folder: string;
	filename: string;
	title: string;
	bytes: Uint8Array;
}

/** Stores a PDF; returns the file's id. */
export async function storeDocument(ctx: Context, schema: SchemaOverview, document: StoredDocument): Promise<string> {
	const files = new ctx.services.FilesService({ knex: ctx.database, schema, accountability: null });
	const folder = await folderNamed(ctx, schema, document.folder);
	const id = await files.uploadOne(Readable.from(Buffer.from(document.bytes)), {
		folder,
		filename_download: document.filename,
		title: document.title,
		type: 'application/pdf',
	});
	return String(id);
}

/** Removes a stored document (its record and its bytes). */
export async function removeDocument(ctx: Context, schema: SchemaOverview, id: string) {
	await new ctx.services.FilesService({ knex: ctx.database, schema, accountability: null }).deleteOne(id);
}
