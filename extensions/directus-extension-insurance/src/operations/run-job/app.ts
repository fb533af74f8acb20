import { defineOperationApp } from '@directus/extensions-sdk';
import { ALL_JOB_NAMES } from '../../domain/lifecycles/types';

export default defineOperationApp({
	id: 'insurance-run-job',
	name: 'Run insurance job',
	icon: 'event_repeat',
	description: 'Run one insurance job, or all of them in order, under the cluster-wide run lock.',
	overview: ({ job, as_of, daily }) => [
		{ label: 'Job', text: job },
		{ label: 'As of', text: daily ? 'today, once, from the job hour' : as_of || 'today' },
	],
	options: [
		{
			field: 'job',
			name: 'Job',
			type: 'string',
			meta: {
				width: 'half',
				interface: 'select-dropdown',
				options: { choices: [{ text: 'All, in order', value: 'all' }, ...ALL_JOB_NAMES.map((value) => ({ text: value, value }))] },
			},
			schema: { default_value: 'all' },
		},
		{ field: 'as_of', name: 'As of', type: 'string', meta: { width: 'half', interface: 'input', note: 'YYYY-MM-DD to catch up a past day; empty for today.' } },
		{
			field: 'daily',
			name: 'Once a day at the job hour',
			type: 'boolean',
			meta: { width: 'full', interface: 'boolean', note: 'For an hourly schedule: run only from insurance_settings.job_hour (local time) and only once per day.' },
			schema: { default_value: false },
		},
	],
});
