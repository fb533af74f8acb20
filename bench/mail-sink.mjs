// The SMTP server the benchmark's Directus mails the clients' notices to: it takes every
// message and counts it, nothing more.
import { SMTPServer } from 'smtp-server';

export async function startMailSink() {
	let received = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, callback) {
			stream.on('end', () => {
				received++;
				callback();
			});
			stream.resume();
		},
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: server.server.address().port,
		received: () => received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}
