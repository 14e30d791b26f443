/**
 * The credential: its test request (run as n8n's credential tester runs it, through the real
 * RoutingNode with the credential's own authenticate) and the rules that turn CapMonster's
 * HTTP-200 error bodies into a failed test.
 */
import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../helpers/engine';
import { API_KEY, useSandbox } from '../helpers/fixtures';

const env = useSandbox();

describe('CapMonster Cloud API credential', () => {
	test('a valid key passes the credential test, which calls getBalance', async () => {
		const result = await testCredential(env.credentials());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(env.sandbox.requests.map((r) => [r.method, (r.body as IDataObject).clientKey])).toEqual([['getBalance', API_KEY]]);
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
