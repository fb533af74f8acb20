import { readItems } from '@directus/sdk';
import { directus } from '../api';
import { h } from '../dom';
import { formatDate, formatMoney, t } from '../i18n';

interface ClientNotice {
	kind: 'reminder' | 'overdue' | 'renewal';
	due_date: string;
	amount: string;
	lapse_date: string | null;
	installment: { id: number; status: string } | null;
	policy: { id: number; policy_number: string; status: string; currency: string };
}

/** A notice still stands while its installment is to be paid (and a renewal while it is proposed). */
const standing = (notice: ClientNotice) =>
	notice.installment !== null && notice.installment.status !== 'Paid' && (notice.kind !== 'renewal' || notice.policy.status === 'Proposal');

function line(notice: ClientNotice) {
	const values = { amount: formatMoney(notice.amount, notice.policy.currency), date: formatDate(notice.due_date), number: notice.policy.policy_number, lapse: formatDate(notice.lapse_date) };
	const key = notice.kind === 'overdue' ? 'notices.overdue' : notice.kind === 'renewal' ? 'notices.renewal' : 'notices.reminder';
	return h('li', { 'data-kind': notice.kind }, h('a', { href: `#/policies/${notice.policy.id}` }, notice.policy.policy_number), ` — ${t(key, values)}`);
}

/**
 * What the client was told and still has to act on: payments coming due, overdue ones with the
 * day the policy lapses, renewal proposals. One line per installment, the overdue notice first.
 * `policy` narrows it to one policy's page.
 */
export async function noticeBanner(policy?: number) {
	let notices: ClientNotice[];
	try {
		notices = (await directus.request(
			readItems('client_notices', {
				fields: ['kind', 'due_date', 'amount', 'lapse_date', 'installment.id', 'installment.status', 'policy.id', 'policy.policy_number', 'policy.status', 'policy.currency'],
				filter: { _and: [{ installment: { status: { _neq: 'Paid' } } }, ...(policy === undefined ? [] : [{ policy: { _eq: policy } }])] },
				sort: ['due_date'],
				limit: 50,
			}),
		)) as unknown as ClientNotice[];
	} catch {
		return null; // without the right to read notices the policies still show
	}
	const byInstallment = new Map<number, ClientNotice>();
	for (const notice of notices.filter(standing)) {
		const seen = byInstallment.get(notice.installment!.id);
		if (!seen || notice.kind === 'overdue') byInstallment.set(notice.installment!.id, notice);
	}
	if (byInstallment.size === 0) return null;
	return h('section', { class: 'notice', role: 'status', 'data-testid': 'notices', 'aria-label': t('notices.title') }, h('strong', {}, t('notices.title')), h('ul', {}, [...byInstallment.values()].map(line)));
}
