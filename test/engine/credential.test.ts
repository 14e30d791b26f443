/**
 * The credential: its test request (run as n8n's credential tester runs it, through the real
 * RoutingNode with the credential's own authenticate) and the rules that turn CapMonster's
 * HTTP-200 error bodies into a failed test.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { CapMonsterApi } from '../../credentials/CapMonsterApi.credentials';

import { testCredential } from '../helpers/engine';
import { API_KEY, useSandbox } from '../helpers/fixtures';

const env = useSandbox();

describe('CapMonster Cloud API credential', () => {
	test('a valid key passes the credential test, which calls getBalance', async () => {
		const result = await testCredential(env.credentials());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(env.sandbox.requests.map((r) => [r.method, (r.body as IDataObject).clientKey])).toEqual([
			['getBalance', API_KEY],
		]);
	});

	test('a wrong key fails the test with CapMonster’s error code, although CapMonster answers HTTP 200', async () => {
		const result = await testCredential(env.credentials({ apiKey: 'not-a-real-key' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ERROR_KEY_DOES_NOT_EXIST');
		expect(env.sandbox.requests[0].status).toBe(200);
	});

	test('a base URL with a trailing slash works', async () => {
		const result = await testCredential(env.credentials({ baseUrl: `${env.sandbox.url}/` }));
		expect(result.status).toBe('OK');
	});

	test('the key is sent only in the JSON body, never in the URL', async () => {
		await testCredential(env.credentials());
		const [request] = env.sandbox.requests;
		expect(request.path).toBe('/getBalance');
		expect(request.path).not.toContain(API_KEY);
	});
});

describe('authenticate (the key added to each request)', () => {
	const credential = new CapMonsterApi();
	const authenticate = async (
		data: ICredentialDataDecryptedObject,
		body?: IHttpRequestOptions['body'],
	) => (await credential.authenticate(data, { url: '/getBalance', body })).body;

	test.each([
		['JSON API', { apiKey: ' k1 ' }, { clientKey: 'k1' }],
		['No Cache adds the suffix', { apiKey: 'k1', noCache: true }, { clientKey: 'k1__nocache' }],
		[
			'No Cache keeps a suffix the user typed, in any case',
			{ apiKey: 'k1__NoCache', noCache: true },
			{ clientKey: 'k1__NoCache' },
		],
		[
			'No Cache keeps other options',
			{ apiKey: 'k1__recognizingthreshold_70', noCache: true },
			{ clientKey: 'k1__recognizingthreshold_70__nocache' },
		],
		[
			'RuCaptcha-compatible: `key`, and No Cache travels as nocache=1 instead',
			{ apiKey: 'k1', noCache: true, protocol: 'rucaptcha' },
			{ key: 'k1' },
		],
	])('%s', async (...[, data, expected]) => {
		expect(await authenticate(data, { taskId: 7 })).toEqual({ taskId: 7, ...expected });
	});

	test('a form body given as URLSearchParams gets the key as a field; raw bodies are left alone', async () => {
		const form = (await authenticate(
			{ apiKey: 'k1', protocol: 'rucaptcha' },
			new URLSearchParams({ action: 'get' }),
		)) as URLSearchParams;
		expect(form.toString()).toBe('action=get&key=k1');
		expect(await authenticate({ apiKey: 'k1' })).toEqual({ clientKey: 'k1' });
		expect(await authenticate({ apiKey: 'k1' }, '{"raw":true}')).toBe('{"raw":true}');
	});
});
