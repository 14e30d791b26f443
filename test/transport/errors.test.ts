/**
 * What each kind of failure means for the retry policy, the key and the reader: narrow unit tests of
 * the transport's error constructors and the solver's memory (the engine tests cover the paths).
 */
import type { INode } from 'n8n-workflow';

import { errorFromNetwork, NODE_ERRORS, sentences } from '../../nodes/CapMonster/transport/errors';
import { redact, REDACTED, secretsOf } from '../../nodes/CapMonster/transport/redact';
import { fingerprintOf, TaskMemory } from '../../nodes/CapMonster/solver/memory';

const node = { name: 'CapMonster', type: 'capMonster', typeVersion: 1 } as INode;

describe('network failures', () => {
	test.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])(
		'%s proves nothing was sent: createTask may be repeated, and nothing claims a charge',
		(code) => {
			const error = errorFromNetwork(node, 'createTask', code);
			expect(error).toMatchObject({ behaviour: 'retryLater', outcome: 'notSent', errorCode: code });
			expect(error.description).not.toContain('charged)');
			expect(error.description).toContain('nothing was charged');
		},
	);

	test.each(['ECONNRESET', 'EPIPE'])(
		'%s leaves the outcome unknown: never repeated, the charge is named',
		(code) => {
			const error = errorFromNetwork(node, 'createTask', code);
			expect(error).toMatchObject({ behaviour: 'final', outcome: 'unknown' });
			expect(error.description).toContain('may have been created (and charged)');
			// n8n's generic wording for ECONNRESET ("You can retry the request immediately") is not used.
			expect(error.message).toBe(`Could not reach CapMonster (createTask: ${code})`);
		},
	);

	test('a timeout is TIMEOUT with an unknown outcome', () => {
		expect(errorFromNetwork(node, 'createTask', 'ETIMEDOUT')).toMatchObject({
			errorCode: 'TIMEOUT',
			outcome: 'unknown',
			behaviour: 'final',
		});
	});

	test('a certificate failure sent nothing, and will fail the same way again', () => {
		expect(errorFromNetwork(node, 'createTask', 'CERT_HAS_EXPIRED')).toMatchObject({
			outcome: 'notSent',
			behaviour: 'final',
			failureCause: 'configuration-invalid',
		});
	});
});

describe('sentences', () => {
	test('each part ends with a full stop; empty parts are dropped', () => {
		expect(sentences('CapMonster says: bad format', '', undefined, 'Check the key.')).toBe(
			'CapMonster says: bad format. Check the key.',
		);
	});

	test('every hint of the node’s own codes reads as a sentence', () => {
		for (const info of Object.values(NODE_ERRORS)) expect(info.hint).toMatch(/[.)]$/);
	});
});

describe('the key in server text', () => {
	test('is removed in any letter case, with or without its __ options', () => {
		const secrets = secretsOf({ apiKey: ' abcdef0123456789__nocache ' });
		expect(redact('got ABCDEF0123456789 and abcdef0123456789__nocache', secrets)).toBe(
			`got ${REDACTED} and ${REDACTED}`,
		);
	});

	test('very short values are not treated as secrets', () => {
		expect(secretsOf({ apiKey: 'abc' })).toEqual([]);
	});
});

describe('the memory of n8n’s retries', () => {
	test('belongs to one node run: a new run (a loop) creates its own tasks', () => {
		const store = {};
		new TaskMemory(store, 0).created(0, 'f', 42);
		expect(new TaskMemory(store, 0).recall(0, 'f')?.taskId).toBe(42);
		expect(new TaskMemory(store, 1).recall(0, 'f')).toBeUndefined();
	});

	test('never hands an item a task of another body', () => {
		const memory = new TaskMemory({}, 0);
		memory.created(0, fingerprintOf({ task: { websiteURL: 'a' } }), 42);
		expect(memory.recall(0, fingerprintOf({ task: { websiteURL: 'b' } }))).toBeUndefined();
		expect(memory.recall(0, fingerprintOf({ task: { websiteURL: 'a' } }))?.taskId).toBe(42);
	});
});
