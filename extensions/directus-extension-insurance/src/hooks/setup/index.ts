import { defineHook } from '@directus/extensions-sdk';
import { setupInsurance } from '../../setup';

// Adds "directus insurance:setup" to the Directus CLI; npm start and the container run it.
export default defineHook(({ init }, context) => {
	init('cli.before', ({ program }) => {
		program
			.command('insurance:setup')
			.description('Apply the insurance schema and seed; creates only what is missing')
			.action(async () => {
				const say = (line: string) => console.log(`insurance: ${line}`);
				try {
					await setupInsurance(context, say);
					process.exit(0);
				} catch (error) {
					say(`error: ${error instanceof Error ? error.message : String(error)}`);
					process.exit(1);
				}
			});
	});
});
