/**
 * A stand-in for an OpenAI-compatible chat model on 127.0.0.1, for the AI Agent end-to-end test.
 * n8n's OpenAI Chat Model node is pointed at it through the credential's Base URL
 * (`http://127.0.0.1:<port>/v1`); every request is answered by a script instead of a model:
 *
 * - each POST /v1/chat/completions is recorded as n8n sent it: the messages, and the tool
 *   definitions (name, description, JSON schema of the parameters) the model would see;
 * - the script reads the conversation so far (the user's text, the tool results n8n sent back) and
 *   answers with tool calls or with a final text, non-streamed or as server-sent events;
 * - GET /v1/models lists one model, for the credential test and the model list.
 *
 * Nothing here knows about CapMonster: the scenario's script does.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolDefinition {
	name: string;
	description?: string;
	parameters?: {
		type?: string;
		properties?: Record<string, { type?: string; description?: string; [k: string]: unknown }>;
		required?: string[];
		[k: string]: unknown;
	};
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool' | string;
	content?: string | Array<{ type: string; text?: string }> | null;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ToolResult {
	toolCallId: string;
	/** The tool the result belongs to (from the assistant message that called it). */
	name?: string;
	/** The text n8n sent back as the tool's result. */
	content: string;
}

/** What a script sees: the conversation as n8n sent it in one request. */
export interface Conversation {
	/** The last user message. */
	userText: string;
	/** The tools offered in this request. */
	tools: ToolDefinition[];
	/** Every tool result so far, oldest first. */
	toolResults: ToolResult[];
	/** How many times the model has answered in this conversation already (assistant messages). */
	turn: number;
	messages: ChatMessage[];
}

/** One answer: tool calls (the agent runs them and asks again) or the final text. */
export type Turn =
	| { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
	| { content: string };

export type Script = (conversation: Conversation) => Turn;

export interface RecordedExchange {
	at: number;
	stream: boolean;
	model?: string;
	tools: ToolDefinition[];
	conversation: Conversation;
	answer: Turn;
}

export interface FakeModel {
	/** The Base URL for n8n's OpenAI credential: `http://127.0.0.1:<port>/v1`. */
	baseUrl: string;
	/** Every chat completion answered, oldest first. */
	exchanges: RecordedExchange[];
	/** Requests that were not chat completions or model lists (should stay empty). */
	unexpected: string[];
	setScript(script: Script): void;
	close(): Promise<void>;
}

function text(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

function readConversation(messages: ChatMessage[], tools: ToolDefinition[]): Conversation {
	const names = new Map<string, string>();
	for (const message of messages)
		for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
	const users = messages.filter((message) => message.role === 'user');
	return {
		userText: text(users[users.length - 1]?.content),
		tools,
		toolResults: messages
			.filter((message) => message.role === 'tool')
			.map((message) => ({
				toolCallId: String(message.tool_call_id),
				name: names.get(String(message.tool_call_id)),
				content: text(message.content),
			})),
		turn: messages.filter((message) => message.role === 'assistant').length,
		messages,
	};
}

function toolDefinitions(body: Record<string, unknown>): ToolDefinition[] {
	const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
	return tools.map((tool) => (tool.function ?? tool) as ToolDefinition);
}

let callCounter = 0;

function message(turn: Turn) {
	if ('content' in turn) return { role: 'assistant', content: turn.content };
	return {
		role: 'assistant',
		content: null,
		tool_calls: turn.toolCalls.map((call) => ({
			id: `call_fake_${++callCounter}`,
			type: 'function',
			function: { name: call.name, arguments: JSON.stringify(call.arguments) },
		})),
	};
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function answerJson(res: http.ServerResponse, model: string, turn: Turn): void {
	const body = {
		id: `chatcmpl-fake-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message: message(turn),
				finish_reason: 'content' in turn ? 'stop' : 'tool_calls',
			},
		],
		usage: USAGE,
	};
	res.writeHead(200, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** The same answer as server-sent events, the way OpenAI streams it. */
function answerStream(res: http.ServerResponse, model: string, turn: Turn): void {
	const id = `chatcmpl-fake-${Date.now()}`;
	const created = Math.floor(Date.now() / 1000);
	const chunk = (delta: unknown, finish: string | null, usage?: unknown) =>
		`data: ${JSON.stringify({
			id,
			object: 'chat.completion.chunk',
			created,
			model,
			choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
			...(usage ? { usage } : {}),
		})}\n\n`;
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const full = message(turn);
	if ('content' in turn) {
		res.write(chunk({ role: 'assistant', content: '' }, null));
		res.write(chunk({ content: turn.content }, null));
		res.write(chunk({}, 'stop'));
	} else {
		res.write(chunk({ role: 'assistant', content: null }, null));
		full.tool_calls!.forEach((call, index) =>
			res.write(chunk({ tool_calls: [{ index, ...call }] }, null)),
		);
		res.write(chunk({}, 'tool_calls'));
	}
	res.write(chunk(undefined, null, USAGE));
	res.end('data: [DONE]\n\n');
}

export async function startFakeModel(script: Script, port = 0): Promise<FakeModel> {
	let current = script;
	const exchanges: RecordedExchange[] = [];
	const unexpected: string[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = (req.url ?? '').split('?')[0];
			try {
				if (req.method === 'GET' && url.endsWith('/models')) {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(
						JSON.stringify({
							object: 'list',
							data: [{ id: 'fake-model', object: 'model', owned_by: 'e2e' }],
						}),
					);
					return;
				}
				if (req.method === 'POST' && url.endsWith('/chat/completions')) {
					const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
						string,
						unknown
					>;
					const tools = toolDefinitions(body);
					const conversation = readConversation((body.messages ?? []) as ChatMessage[], tools);
					const answer = current(conversation);
					const stream = body.stream === true;
					const model = String(body.model ?? 'fake-model');
					exchanges.push({ at: Date.now(), stream, model, tools, conversation, answer });
					if (stream) answerStream(res, model, answer);
					else answerJson(res, model, answer);
					return;
				}
				unexpected.push(`${req.method} ${req.url}`);
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
			} catch (error) {
				unexpected.push(`${req.method} ${req.url}: ${String(error)}`);
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: String(error) } }));
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const { port: bound } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${bound}/v1`,
		exchanges,
		unexpected,
		setScript(next) {
			current = next;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
