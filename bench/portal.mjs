// The client portal under load: signed-in clients opening their policy page at once, each page
// every API call the portal's policy page makes, against the same data read through plain
// /items calls; and, while that load runs, how long a claim's status change takes to reach its
// client's open websocket subscription (the portal's claim pages subscribe the same way).
import { api, localOnly, login, percentile } from './measure.mjs';

const PASSWORD = 'bench-portal-password';

/** The reads of one policy page as the portal makes them: the policy, then four at once, then the timeline. */
function portalPage(request, { policy }) {
	const installments = ['sequence', 'due_date', 'amount', 'paid_amount', 'status'].map((f) => `installments.${f}`).join(',');
	const notices = 'kind,due_date,amount,lapse_date,installment.id,installment.status,policy.id,policy.policy_number,policy.status,policy.currency';
	return [
		[() => request('GET', `/items/policies/${policy}?fields=*,${installments}&deep[installments][_sort]=sequence&deep[installments][_limit]=-1`)],
		[
			() => request('GET', `/insurance/policies/${policy}/benefits`),
			() => request('GET', `/items/client_notices?fields=${notices}&filter[_and][0][installment][status][_neq]=Paid&filter[_and][1][policy][_eq]=${policy}&sort=due_date&limit=50`),
			() => request('GET', `/items/refunds?filter[policy][_eq]=${policy}&fields=id,amount,currency,reason,effective_date,status,paid_at,paid_premium,earned_premium,surrender_fee&sort=id&limit=-1`),
			() => request('GET', `/items/policy_documents?filter[policy][_eq]=${policy}&fields=id,kind,file,created_at,claim.claim_number&sort=created_at,id&limit=-1`),
		],
		[() => request('GET', `/insurance/portal/timeline/policies/${policy}`)],
	];
}

/**
 * The same page's data through plain /items calls: the benefit balances read as the product's
 * benefits and the policy's claim lines, the timeline as the policy's status history (which a
 * client may read only through the portal endpoint, so it is read with the staff token).
 */
function plainPage(request, staff, { policy, product }) {
	const [first, reads] = portalPage(request, { policy });
	return [
		first,
		[
			() => request('GET', `/items/product_benefits?filter[product][_eq]=${product}&limit=-1`),
			() => request('GET', `/items/claim_lines?filter[claim][policy][_eq]=${policy}&fields=kind,service_date,quantity,amount_claimed,amount_approved,claim.status&limit=-1`),
			...reads.slice(1),
		],
		[() => staff('GET', `/items/status_history?filter[collection][_eq]=policies&filter[item][_eq]=${policy}&sort=occurred_at,id&limit=-1`)],
	];
}

async function openPage(steps) {
	const started = performance.now();
	const errors = [];
	for (const step of steps) {
		const answers = await Promise.all(step.map((read) => read()));
		for (const answer of answers) if (answer.status !== 200) errors.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
	}
	return { ms: performance.now() - started, errors };
}

/** `count` clients of quiet policies, each with a portal user, a token and a claim in Submitted. */
export async function portalClients({ server, token, db }, policies, count, serviceDate) {
	const staff = api(server.url, token);
	const role = (await db('directus_roles').where('name', 'Client').first('id')).id;
	const chosen = [];
	const seen = new Set();
	for (const row of policies) {
		if (chosen.length === count) break;
		if (seen.has(row.client)) continue;
		seen.add(row.client);
		chosen.push(row);
	}
	const clients = [];
	const inParallel = async (items, work, width = 10) => {
		for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
	};
	await inParallel(chosen, async ({ id, client }) => {
		const email = `bench-portal-${client}@example.com`;
		const user = await staff('POST', '/users', { email, password: PASSWORD, role, first_name: 'Bench', last_name: `Client ${client}` });
		if (user.status !== 200) throw new Error(`POST /users: ${user.status} ${JSON.stringify(user.body).slice(0, 300)}`);
		await db('clients').where('id', client).update({ user: user.body.data.id });
		// Dearer than any straight-through limit: the claim waits in Submitted for a handler.
		const claim = await staff('POST', '/insurance/claims', { policy: id, client, lines: [{ kind: 'hospital', description: 'Bench stay', service_date: serviceDate, quantity: 1, unit_amount: 9000 }] });
		if (claim.status !== 201 || claim.body.data.status !== 'Submitted') throw new Error(`POST /insurance/claims: ${claim.status} ${JSON.stringify(claim.body).slice(0, 300)}`);
		const product = (await db('policies').where('id', id).first('product')).product;
		clients.push({ policy: id, client, product, claim: claim.body.data.id, token: await login(server.url, email, PASSWORD) });
	});
	return clients;
}

/** A realtime connection of one client, subscribed to its claim as the claim page is; resolves once subscribed. */
function subscribeToClaim(baseUrl, { token, claim }, onUpdate) {
	const url = `${localOnly(baseUrl).replace(/^http/, 'ws')}/websocket`;
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(url);
		const timer = setTimeout(() => reject(new Error(`websocket of claim ${claim}: no subscription after 30 s`)), 30_000);
		socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'auth', access_token: token })));
		socket.addEventListener('error', () => reject(new Error(`websocket of claim ${claim} failed`)));
		socket.addEventListener('message', (message) => {
			const data = JSON.parse(String(message.data));
			if (data.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
			else if (data.type === 'auth' && data.status === 'ok') socket.send(JSON.stringify({ type: 'subscribe', collection: 'claims', item: String(claim), query: { fields: ['id', 'status'] }, uid: String(claim) }));
			else if (data.type === 'auth') reject(new Error(`websocket auth of claim ${claim}: ${JSON.stringify(data)}`));
			else if (data.type === 'subscription' && data.event === 'init') {
				clearTimeout(timer);
				resolve(socket);
			} else if (data.type === 'subscription' && data.event === 'update') onUpdate(data.data);
		});
	});
}

/** `rounds` page openings per client, all clients at once: each page's milliseconds and any errors. */
async function pagesUnderLoad(clients, rounds, pageOf) {
	const pages = [];
	const errors = [];
	await Promise.all(
		clients.map(async (client) => {
			for (let round = 0; round < rounds; round++) {
				const page = await openPage(pageOf(client));
				pages.push(page.ms);
				errors.push(...page.errors);
			}
		}),
	);
	return { pages, errors };
}

/** p95 of the policy page opened `rounds` times by every client at once: through the portal's calls, or the plain reads. */
export async function portalPageP95(server, token, clients, rounds, mode) {
	const staff = api(server.url, token);
	const pageOf = mode === 'portal' ? (client) => portalPage(api(server.url, client.token), client) : (client) => plainPage(api(server.url, client.token), staff, client);
	const { pages, errors } = await pagesUnderLoad(clients, rounds, pageOf);
	if (errors.length > 0) throw new Error(`${mode} page reads failed (${errors.length}): ${errors.slice(0, 3).join('; ')}`);
	return percentile(pages, 95);
}

/**
 * Every client subscribed to its claim; while they all open their policy pages, a handler takes
 * each claim in turn (Submitted → InReview through the lifecycle). The figure is the time from the
 * status change (its history row's instant, taken inside the transaction) to the update arriving
 * on the client's socket; the time from the handler's request is reported beside it, since under
 * this load the request itself waits for the server.
 */
export async function claimUpdatesUnderLoad({ server, token, db }, clients, rounds) {
	const staff = api(server.url, token);
	const sentAt = new Map();
	const receivedAt = new Map();
	const fromRequest = [];
	const sockets = [];
	for (const client of clients) {
		const claim = String(client.claim);
		sockets.push(
			await subscribeToClaim(server.url, client, (row) => {
				const started = sentAt.get(claim);
				if (started !== undefined && row.status === 'InReview') {
					receivedAt.set(claim, Date.now());
					fromRequest.push(performance.now() - started);
					sentAt.delete(claim);
				}
			}),
		);
	}
	// Same clock as the server's: the changes of this run are the ones after this instant.
	const since = new Date();
	try {
		const reads = pagesUnderLoad(clients, rounds, (client) => portalPage(api(server.url, client.token), client));
		for (const client of clients) {
			sentAt.set(String(client.claim), performance.now());
			const answer = await staff('PATCH', `/items/claims/${client.claim}`, { status: 'InReview' });
			if (answer.status !== 200) throw new Error(`PATCH /items/claims/${client.claim}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
		}
		await reads;
		const deadline = performance.now() + 10_000;
		while (sentAt.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
		const changes = await db('status_history')
			.where({ collection: 'claims', to_status: 'InReview' })
			.where('occurred_at', '>=', since)
			.whereIn('item', [...receivedAt.keys()])
			.select('item', 'occurred_at');
		const delays = changes.map((change) => receivedAt.get(String(change.item)) - new Date(change.occurred_at).getTime());
		if (delays.length !== receivedAt.size) throw new Error(`${receivedAt.size} updates arrived but ${delays.length} status changes were recorded`);
		return {
			updates: delays.length,
			missed: sentAt.size,
			p50_ms: percentile(delays, 50),
			p99_ms: percentile(delays, 99),
			max_ms: Math.max(...delays),
			from_request_p50_ms: percentile(fromRequest, 50),
			from_request_p99_ms: percentile(fromRequest, 99),
		};
	} finally {
		for (const socket of sockets) socket.close();
		// Back in Submitted for the next round, as intake left them.
		await db('claims').whereIn('id', clients.map((c) => c.claim)).update({ status: 'Submitted' });
	}
}
