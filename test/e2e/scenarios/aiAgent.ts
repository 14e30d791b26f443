/**
 * Scenario — examples/ai-agent.json on a running n8n: Chat Trigger → AI Agent with an
 * OpenAI-compatible chat model and two CapMonster tools (Solve reCAPTCHA v2 with `$fromAI()`
 * fields, Get CapMonster balance). The model is test/fakeModel on 127.0.0.1 playing scripted
 * turns; the captcha service is the sandbox. What the model was offered (tool names, descriptions,
 * parameter schemas) is printed and kept in the scenario's log folder as tool-definitions.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitFor, sleep } from '../../../scripts/lib/proc';
import { BROWSER_ID, N8nRest } from '../../../scripts/lib/rest';
import type { SandboxRequestLog } from '../../../scripts/lib/sandbox';
import { SANDBOX_CREDENTIAL, credential, loadExample } from '../../../scripts/lib/workflows';
import { info } from '../../../scripts/lib/log';
import {
	startFakeModel,
	type Conversation,
	type FakeModel,
	type ToolDefinition,
	type Turn,
} from '../../fakeModel/server';
import { assert, assertEqual, assertIncludes, type Scenario } from '../harness';

const WORKFLOW_ID = 'cmAiAgentTool001';
const CHAT_WEBHOOK_ID = 'c4a7e2b9-1d53-4f86-9a0e-5b2c8d7e0001';
const MODEL_CREDENTIAL = { id: 'cmOpenAiCompat01', name: 'OpenAI-compatible model' };
const SITE_KEY = '6LeSandboxDemoSiteKey_0000000000000000000';
const BAD_URL = 'example dot com slash login';
/** The demo page, with a directive that makes the sandbox take 15 s to solve the task. */
const SLOW_MS = 15_000;
const SLOW_URL = (pageUrl: string) => `${pageUrl}?slow=sandbox:solve-ms=${SLOW_MS}`;

/** The object (first item) a tool result holds, whether n8n sent one item or a list of them. */
function toolOutput(content: string): Record<string, unknown> | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(content);
	} catch {
		return undefined;
	}
	const find = (value: unknown): Record<string, unknown> | undefined => {
		if (Array.isArray(value)) return value.map(find).find(Boolean);
		if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			if ('taskId' in record || 'error' in record || 'balance' in record) return record;
			return Object.values(record).map(find).find(Boolean);
		}
		if (typeof value === 'string' && value.trim().startsWith('{')) return toolOutput(value);
		return undefined;
	};
	return find(parsed);
}

function toolNamed(tools: ToolDefinition[], pattern: RegExp): ToolDefinition {
	const tool = tools.find((t) => pattern.test(t.name));
	if (!tool) throw new Error(`no tool matching ${pattern} among ${tools.map((t) => t.name)}`);
	return tool;
}

/**
 * The model's side of three conversations, picked by a marker in the user's message.
 * - solve: solve the captcha, then check the balance, then answer with token, task id and balance;
 * - bad-url: first pass a URL that is not one, read the error, retry with the right URL (a task
 *   the sandbox takes 15 s to solve);
 * - zero-balance: solve while the account is empty, answer with the error the tool returned;
 * - stop: solve a captcha that never becomes ready (the execution is stopped meanwhile).
 */
function agentScript(pageUrl: string) {
	return (c: Conversation): Turn => {
		const solve = toolNamed(c.tools, /recaptcha/i).name;
		const balance = toolNamed(c.tools, /balance/i).name;
		const outputs = c.toolResults.map((r) => toolOutput(r.content));
		const last = outputs[outputs.length - 1];
		const args = (websiteURL: string) => ({ websiteURL, websiteKey: SITE_KEY });
		if (c.userText.includes('[script:solve]')) {
			if (c.turn === 0) return { toolCalls: [{ name: solve, arguments: args(pageUrl) }] };
			if (c.turn === 1) return { toolCalls: [{ name: balance, arguments: {} }] };
			const solved = outputs.find((o) => o && 'token' in o);
			return {
				content: `Solved it. Token: ${String(solved?.token)} (task ${String(solved?.taskId)}). Balance left: ${String(last?.balance)} USD.`,
			};
		}
		if (c.userText.includes('[script:bad-url]')) {
			if (c.turn === 0) return { toolCalls: [{ name: solve, arguments: args(BAD_URL) }] };
			// The corrected call is also a slow one: the sandbox takes 15 s to solve it.
			if (c.turn === 1) return { toolCalls: [{ name: solve, arguments: args(SLOW_URL(pageUrl)) }] };
			const failed = outputs[0];
			return {
				content: `First try failed (${String(failed?.errorCode)}: ${String(failed?.error)}); after fixing ${String(failed?.parameter)} the token is ${String(last?.token)} (task ${String(last?.taskId)}).`,
			};
		}
		if (c.userText.includes('[script:zero-balance]')) {
			if (c.turn === 0) return { toolCalls: [{ name: solve, arguments: args(pageUrl) }] };
			return {
				content: `CapMonster said ${String(last?.errorCode)}: ${String(last?.error)}. ${String(last?.hint)}`,
			};
		}
		if (c.userText.includes('[script:stop]')) {
			if (c.turn === 0)
				return {
					toolCalls: [{ name: solve, arguments: args(`${pageUrl}?case=sandbox:never`) }],
				};
			return { content: 'unexpected: the tool call came back although it was stopped' };
		}
		return { content: 'No script for this message.' };
	};
}

async function chat(
	baseUrl: string,
	sessionId: string,
	chatInput: string,
	timeoutMs = 120_000,
): Promise<{ status: number; text: string; output?: string }> {
	const res = await fetch(`${baseUrl}/webhook/${CHAT_WEBHOOK_ID}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let output: string | undefined;
	try {
		const body = JSON.parse(text) as { output?: unknown } | Array<{ output?: unknown }>;
		const first = Array.isArray(body) ? body[0] : body;
		output = typeof first?.output === 'string' ? first.output : undefined;
	} catch {
		/* not JSON */
	}
	return { status: res.status, text, output };
}

/** The exchanges of one conversation (all requests whose user text carries the marker). */
function exchangesOf(model: FakeModel, marker: string) {
	return model.exchanges.filter((e) => e.conversation.userText.includes(marker));
}

async function apiRequests(ctx: Parameters<Scenario['run']>[0], method: string) {
	const requests = await ctx.sandbox.requests<SandboxRequestLog[]>();
	return requests.filter((r) => r.method === method);
}

function printToolDefinitions(tools: ToolDefinition[]): void {
	info('  tool definitions n8n sent to the model:');
	for (const tool of tools) {
		info(`    • ${tool.name}`);
		info(`      description: ${tool.description ?? '(none)'}`);
		info(`      parameters:  ${JSON.stringify(tool.parameters ?? {})}`);
	}
}

export const aiAgent: Scenario = {
	name: 'ai-agent',
	title:
		'AI Agent with CapMonster tools (fake OpenAI-compatible model): tool definitions, a solve, an error the model corrects, Stop',
	async run(ctx) {
		const { sandbox } = ctx;
		const pageUrl = `${sandbox.url}/demo/form`;
		const model = await startFakeModel(agentScript(pageUrl));
		try {
			const n8n = await ctx.newInstance({
				credentials: [
					credential(SANDBOX_CREDENTIAL, sandbox.url, sandbox.key),
					{
						...MODEL_CREDENTIAL,
						type: 'openAiApi',
						data: { apiKey: 'sk-fake-e2e', url: model.baseUrl },
					},
				],
				workflows: [loadExample('ai-agent.json', sandbox.url)],
			});
			await n8n.activateWorkflow(WORKFLOW_ID);
			await n8n.start();
			const rest = new N8nRest(n8n.baseUrl, ctx.install);
			await rest.setupOwner();
			// Newer n8n registers the webhooks of active workflows a moment after the editor is up.
			// `loadPreviousSession` answers without starting an execution.
			await waitFor(
				'the chat webhook to be registered',
				async () => {
					const res = await fetch(`${n8n.baseUrl}/webhook/${CHAT_WEBHOOK_ID}/chat`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ action: 'loadPreviousSession', sessionId: 'e2e-probe' }),
					}).catch(() => undefined);
					return res?.status === 200;
				},
				60_000,
				500,
			);

			// ---- 1. a captcha solved through the agent ------------------------------------------
			let answer: Awaited<ReturnType<typeof chat>> | undefined;
			await ctx.check('the chat message runs the agent to a final answer', async () => {
				answer = await chat(
					n8n.baseUrl,
					'e2e-solve',
					`Log in on ${pageUrl}; it shows a reCAPTCHA with site key ${SITE_KEY}. [script:solve]`,
				);
				assertEqual(answer.status, 200, `chat webhook status (${answer.text.slice(0, 400)})`);
				assert(answer.output, `the chat answer has an output: ${answer.text.slice(0, 400)}`);
			});

			const solveExchanges = exchangesOf(model, '[script:solve]');
			await ctx.check(
				'the model is offered both CapMonster tools with a name, a description and a parameter schema',
				async () => {
					const first = solveExchanges[0];
					assert(first, 'the fake model received no request');
					fs.mkdirSync(ctx.logDir, { recursive: true });
					fs.writeFileSync(
						path.join(ctx.logDir, 'tool-definitions.json'),
						JSON.stringify(first.tools, null, 2),
					);
					printToolDefinitions(first.tools);
					const solve = toolNamed(first.tools, /recaptcha/i);
					assertEqual(solve.name, 'Solve_reCAPTCHA_v2', 'solve tool name (from the node name)');
					for (const phrase of [
						'reCAPTCHA V2',
						'Website URL',
						'data-sitekey',
						'g-recaptcha-response',
						'expire',
						'taskId',
						'Report Incorrect Token',
					])
						assertIncludes(solve.description, phrase, 'solve tool description');
					const props = solve.parameters?.properties ?? {};
					assertEqual(
						JSON.stringify(Object.keys(props).sort()),
						JSON.stringify(['websiteKey', 'websiteURL']),
						'solve tool parameters',
					);
					assertEqual(props.websiteURL?.type, 'string', 'websiteURL type');
					assertIncludes(
						props.websiteURL?.description,
						'address of the page',
						'websiteURL description',
					);
					assertIncludes(props.websiteKey?.description, 'data-sitekey', 'websiteKey description');
					assertEqual(
						JSON.stringify([...(solve.parameters?.required ?? [])].sort()),
						JSON.stringify(['websiteKey', 'websiteURL']),
						'required parameters',
					);
					const balance = toolNamed(first.tools, /balance/i);
					assertEqual(balance.name, 'Get_CapMonster_balance', 'balance tool name');
					assertIncludes(balance.description, 'balance in USD', 'balance tool description');
					assertEqual(
						Object.keys(balance.parameters?.properties ?? {}).length,
						0,
						'balance tool takes no parameters',
					);
				},
			);

			let taskId: number | undefined;
			let token: string | undefined;
			await ctx.check(
				"the tool call creates one sandbox task with exactly the model's arguments",
				async () => {
					const tasks = await sandbox.tasks<
						Array<{
							id: number;
							task: Record<string, unknown>;
							solution?: Record<string, unknown>;
						}>
					>();
					assertEqual(tasks.length, 1, 'tasks created');
					const [task] = tasks;
					assertEqual(
						JSON.stringify(task.task),
						JSON.stringify({ type: 'RecaptchaV2Task', websiteURL: pageUrl, websiteKey: SITE_KEY }),
						'the task CapMonster received',
					);
					taskId = task.id;
					token = String(task.solution?.gRecaptchaResponse);
					assert(token.length > 20, `the sandbox solved it: ${JSON.stringify(task.solution)}`);
				},
			);

			await ctx.check(
				'the tool result the model reads holds the token and the task id, compactly',
				async () => {
					const second = solveExchanges[1];
					assert(second, 'the model was not asked again after the tool call');
					const result = second.conversation.toolResults[0];
					info(`  tool result the model read: ${result.content.slice(0, 300)}…`);
					const out = toolOutput(result.content);
					assertEqual(out?.token, token, 'token in the tool result');
					assertEqual(out?.taskId, taskId, 'taskId in the tool result');
					assert(out && !('solution' in out), 'no second copy of the answer (solution)');
					assert(
						result.content.length < token!.length + 400,
						`compact result (${result.content.length} characters)`,
					);
					const third = solveExchanges[2];
					const balance = toolOutput(third?.conversation.toolResults[1]?.content ?? '');
					assertEqual(typeof balance?.balance, 'number', 'the balance tool result');
				},
			);

			await ctx.check("the agent's final answer contains the token and the task id", async () => {
				assertIncludes(answer?.output, String(token), 'final answer');
				assertIncludes(answer?.output, `task ${taskId}`, 'final answer');
			});

			// ---- 2. a bad argument comes back as text the model can act on --------------------
			await ctx.check(
				'an invalid URL from the model returns an error text, sends nothing, and the corrected (15 s) call succeeds',
				async () => {
					const createsBefore = (await apiRequests(ctx, 'createTask')).length;
					const requestsBefore = (await sandbox.requests<SandboxRequestLog[]>()).length;
					const res = await chat(
						n8n.baseUrl,
						'e2e-bad-url',
						`Solve the reCAPTCHA on ${pageUrl} (site key ${SITE_KEY}). [script:bad-url]`,
					);
					assertEqual(res.status, 200, `chat webhook status (${res.text.slice(0, 400)})`);
					const exchanges = exchangesOf(model, '[script:bad-url]');
					assertEqual(exchanges.length, 3, 'model turns (bad call, corrected call, answer)');
					const error = exchanges[1].conversation.toolResults[0];
					info(`  error result the model read: ${error.content}`);
					const failed = toolOutput(error.content);
					assertEqual(failed?.errorCode, 'INVALID_INPUT', 'errorCode');
					assertIncludes(String(failed?.error), 'Website URL', 'error names the field');
					assertIncludes(String(failed?.error), BAD_URL, 'error quotes the value');
					assertEqual(failed?.parameter, 'websiteURL', 'parameter (the $fromAI key)');
					assertIncludes(String(failed?.hint), '"websiteURL"', 'hint');
					assert(!/test-key|sk-fake/.test(error.content), 'no key in the error text');
					const corrected = toolOutput(exchanges[2].conversation.toolResults[1].content);
					assert(
						typeof corrected?.token === 'string' && typeof corrected.taskId === 'number',
						`the corrected call succeeded: ${JSON.stringify(corrected)}`,
					);
					const waitedMs = exchanges[2].at - exchanges[1].at;
					info(
						`  the corrected (slow) tool call came back after ${(waitedMs / 1000).toFixed(1)} s`,
					);
					assert(waitedMs >= SLOW_MS, `the tool call waited for the slow solve (${waitedMs} ms)`);
					const creates = await apiRequests(ctx, 'createTask');
					assertEqual(
						creates.length - createsBefore,
						1,
						'createTask requests (only the corrected call)',
					);
					const sent = (await sandbox.requests<SandboxRequestLog[]>()).slice(requestsBefore);
					assert(
						sent.every((r) => !JSON.stringify(r.body ?? '').includes(BAD_URL)),
						'the bad URL never reached the sandbox',
					);
					assertIncludes(res.output, String(corrected.token), 'final answer');
					assertIncludes(res.output, 'INVALID_INPUT', 'final answer');
				},
			);

			await ctx.check(
				'a CapMonster error (zero balance) reaches the model with its hint, and the agent still answers',
				async () => {
					await sandbox.setBalance(sandbox.key, 0);
					try {
						const res = await chat(
							n8n.baseUrl,
							'e2e-zero-balance',
							`Solve the reCAPTCHA on ${pageUrl} (site key ${SITE_KEY}). [script:zero-balance]`,
						);
						assertEqual(res.status, 200, `chat webhook status (${res.text.slice(0, 400)})`);
						const exchanges = exchangesOf(model, '[script:zero-balance]');
						assertEqual(exchanges.length, 2, 'model turns (call, answer)');
						const error = exchanges[1].conversation.toolResults[0];
						info(`  error result the model read: ${error.content}`);
						const failed = toolOutput(error.content);
						assertEqual(failed?.errorCode, 'ERROR_ZERO_BALANCE', 'errorCode');
						assertIncludes(String(failed?.hint), 'Top up', 'hint');
						assert(!/test-key/.test(error.content), 'no key in the error text');
						assertIncludes(res.output, 'ERROR_ZERO_BALANCE', 'final answer');
					} finally {
						await sandbox.setBalance(sandbox.key, 100);
					}
				},
			);

			// ---- 3. Stop during a long solve -------------------------------------------------
			await ctx.check('Stop during a long solve ends the tool call promptly', async () => {
				const tasksBefore = (await sandbox.tasks<Array<{ id: number }>>()).length;
				const pending = chat(
					n8n.baseUrl,
					'e2e-stop',
					`Solve the reCAPTCHA on ${pageUrl} (site key ${SITE_KEY}). [script:stop]`,
				).catch((e: unknown) => ({ status: 0, text: String(e), output: undefined }));
				const task = await waitFor(
					'the tool call to create its task and poll it once',
					async () => {
						const tasks = await sandbox.tasks<Array<{ id: number; polls: number[] }>>();
						const t = tasks[tasksBefore];
						return t && t.polls.length >= 1 ? t : undefined;
					},
					60_000,
					250,
				);
				const running = await waitFor(
					'the running execution',
					async () =>
						(await rest.executions(WORKFLOW_ID)).find(
							(e) => e.status === 'running' || e.status === 'new',
						),
					20_000,
					250,
				);
				const stoppedAt = Date.now();
				const stop = await fetch(`${n8n.baseUrl}/rest/executions/${running.id}/stop`, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'browser-id': BROWSER_ID,
						cookie: rest.authCookie,
					},
					body: '{}',
				});
				assert(stop.ok, `stop request: ${stop.status} ${await stop.text()}`);
				const done = await waitFor(
					`execution ${running.id} to end`,
					async () => {
						const e = await rest.execution(String(running.id));
						return e.status !== 'running' && e.status !== 'new' ? e : undefined;
					},
					15_000,
					100,
				);
				const tookMs = Date.now() - stoppedAt;
				info(`  execution ${running.id} ended as "${done.status}" ${tookMs} ms after Stop`);
				assertEqual(done.status, 'canceled', 'execution status after Stop');
				assert(tookMs < 5000, `ended within 5 s of Stop (took ${tookMs} ms)`);
				await sleep(2500);
				const [after] = await sandbox.control<Array<{ polls: number[] }>>(
					'GET',
					`tasks?id=${task.id}`,
				);
				const late = after.polls.filter((at) => at > stoppedAt + 500);
				assertEqual(late.length, 0, 'polls of the stopped task after Stop');
				const exchanges = exchangesOf(model, '[script:stop]');
				assertEqual(exchanges.length, 1, 'the model was not asked again after Stop');
				await Promise.race([pending, sleep(5000)]);
			});

			await ctx.check('the fake model saw only chat completions', async () => {
				assertEqual(model.unexpected.length, 0, `unexpected requests: ${model.unexpected}`);
			});
		} finally {
			// The whole conversation as the model saw it, for reading (and for docs/ai-agent.md).
			fs.mkdirSync(ctx.logDir, { recursive: true });
			fs.writeFileSync(
				path.join(ctx.logDir, 'model-exchanges.json'),
				JSON.stringify(
					model.exchanges.map(({ tools, conversation, answer, stream }) => ({
						stream,
						tools: tools.map((t) => t.name),
						messages: conversation.messages,
						answer,
					})),
					null,
					2,
				),
			);
			await model.close();
		}
	},
};
