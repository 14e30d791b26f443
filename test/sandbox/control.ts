/** The /__control endpoints (not logged, never faulted): the Sandbox interface over HTTP, for tests in another process. */
import type { FaultRule } from './faults';
import type { JsonObject } from './fields';
import { isPlainObject } from './fields';
import type { Reply } from './http';
import { jsonReply } from './http';
import type { Sandbox, SandboxOptions } from './types';

/** The answer to `httpMethod path` under /__control, acting on `sandbox`. */
export function controlReply(
	sandbox: Sandbox,
	httpMethod: string,
	path: string,
	url: URL,
	raw: string,
): Reply {
	const action = path.toLowerCase().replace(/^\/__control\/?/, '');
	let body: unknown;
	try {
		body = raw.trim() === '' ? {} : JSON.parse(raw);
	} catch {
		return jsonReply({ ok: false, error: 'body is not JSON' }, 400);
	}
	const ok = (extra: JsonObject = {}): Reply => jsonReply({ ok: true, ...extra });
	try {
		switch (`${httpMethod} ${action}`) {
			case 'GET stats':
				return jsonReply(sandbox.stats(), 200);
			case 'GET tasks': {
				const id = url.searchParams.get('id');
				const tasks = [...sandbox.tasks.values()];
				return jsonReply(id === null ? tasks : tasks.filter((task) => String(task.id) === id));
			}
			case 'GET requests':
				return jsonReply(sandbox.requests);
			case 'GET reports':
				return jsonReply(sandbox.reports);
			case 'GET forms':
				return jsonReply(sandbox.formSubmissions);
			case 'GET options':
				return jsonReply(sandbox.options);
			case 'GET faults':
				return jsonReply(sandbox.faults());
			case 'POST configure':
				sandbox.configure(isPlainObject(body) ? (body as Partial<SandboxOptions>) : {});
				return ok({ options: sandbox.options });
			case 'POST faults':
				return ok({ rule: sandbox.addFault(body as FaultRule) });
			case 'DELETE faults':
				sandbox.clearFaults();
				return ok();
			case 'POST reset':
				sandbox.reset();
				return ok();
			case 'POST balance': {
				const { key, balance } = (isPlainObject(body) ? body : {}) as {
					key?: unknown;
					balance?: unknown;
				};
				if (typeof key !== 'string' || typeof balance !== 'number')
					return jsonReply({ ok: false, error: 'need {key, balance}' }, 400);
				sandbox.setBalance(key, balance);
				return ok({ key, balance });
			}
			case 'POST pause':
				sandbox.pause();
				return ok();
			case 'POST resume':
				sandbox.resume();
				return ok();
			default:
				return jsonReply(
					{ ok: false, error: `unknown control endpoint ${httpMethod} ${path}` },
					404,
				);
		}
	} catch (error) {
		return jsonReply({ ok: false, error: (error as Error).message }, 400);
	}
}
