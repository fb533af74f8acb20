// GET /insurance/portal: the client web app (a static page, its script and stylesheet built by
// scripts/build-extension.mjs into dist/portal), and the reads the portal needs that Directus
// does not offer a client directly, such as the status timeline of one of its own items.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ItemNotFoundError } from '../../errors';
import { itemId, requireUser, route, validate } from './http';

/** The built app sits beside the bundle: dist/api.js → dist/portal/. */
const assetsDir = fileURLToPath(new URL('./portal/', import.meta.url));
const ASSETS: Record<string, string> = { 'app.js': 'text/javascript', 'app.js.map': 'application/json', 'app.css': 'text/css' };

/** Items whose timeline a client may read; the client must see the item itself. */
const TIMELINE_COLLECTIONS = ['policies', 'claims'] as const;
export const timelineParams = Joi.object({
	collection: Joi.string()
		.valid(...TIMELINE_COLLECTIONS)
		.required(),
	id: itemId.required(),
});

// Only same-origin script and styles, and the API and its websocket on this origin.
const PORTAL_CSP = [
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' data: blob:",
	"connect-src 'self' ws: wss:",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'self'",
	"object-src 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Insurance client portal</title>
<link rel="stylesheet" href="portal/app.css">
<script type="module" src="portal/app.js"></script>
</head>
<body>
<div id="app" aria-live="polite"><noscript>The client portal needs JavaScript.</noscript></div>
</body>
</html>
`;

export function registerPortal(router: Router, context: EndpointExtensionContext) {
	router.get('/portal', (_req, res) => {
		res.setHeader('Content-Security-Policy', PORTAL_CSP);
		res.type('html').send(PAGE);
	});

	router.get('/portal/:asset', (req, res, next) => {
		const type = ASSETS[req.params['asset'] ?? ''];
		const file = type ? join(assetsDir, req.params['asset']!) : null;
		if (!file || !existsSync(file)) return next();
		res.setHeader('Cache-Control', 'no-cache');
		res.type(type!).sendFile(file);
	});

	/** The status history of one policy or claim of the caller, oldest first. */
	router.get(
		'/portal/timeline/:collection/:id',
		route(async (req, res) => {
			const accountability = requireUser(req);
			const { collection, id } = validate(timelineParams, req.params);
			const { schema } = req;
			const visible = await new context.services.ItemsService(collection, { schema, accountability }).readByQuery({
				filter: { id: { _eq: id } },
				fields: ['id'],
				limit: 1,
			});
			if (visible.length === 0) throw new ItemNotFoundError({ collection, item: String(id) });
			const history = await new context.services.ItemsService('status_history', { schema }).readByQuery({
				filter: { _and: [{ collection: { _eq: collection } }, { item: { _eq: String(id) } }] },
				fields: ['from_status', 'to_status', 'trigger', 'reason', 'occurred_at'],
				sort: ['occurred_at', 'id'],
				limit: -1,
			});
			res.json({ data: history });
		}),
	);
}
