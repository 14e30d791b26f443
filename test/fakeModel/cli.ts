/**
 * The fake OpenAI-compatible model as a standalone process, to chat with examples/ai-agent.json
 * without a real model (and without internet):
 *
 *   npx ts-node --transpile-only test/fakeModel/cli.ts [--port 8090]
 *
 * then point an OpenAI credential's Base URL at http://127.0.0.1:8090/v1 (any API key).
 *
 * Its one rule: a message with a URL and a site key ("… https://site/login … site key 6Le…")
 * makes it call the first tool whose parameters take a URL, filling every parameter whose name
 * contains "url" with the URL and every one containing "key" with the key; a message mentioning
 * "balance" calls a tool named like that. After the tool results it answers with what they said.
 */
import { startFakeModel, type Conversation, type Turn } from './server';

function pick(c: Conversation): Turn {
	if (c.toolResults.length) {
		const lines = c.toolResults.map((r) => `${r.name ?? 'tool'} returned: ${r.content}`);
		return { content: lines.join('\n') };
	}
	const url = /https?:\/\/\S+/.exec(c.userText)?.[0]?.replace(/[),.;]+$/, '');
	const key = /site ?key[^A-Za-z0-9_-]*([A-Za-z0-9_-]{10,})/i.exec(c.userText)?.[1];
	const calls: Array<{ name: string; arguments: Record<string, unknown> }> = [];
	const solver = c.tools.find((t) =>
		Object.keys(t.parameters?.properties ?? {}).some((p) => /url/i.test(p)),
	);
	if (solver && url) {
		const args: Record<string, unknown> = {};
		for (const name of Object.keys(solver.parameters?.properties ?? {})) {
			if (/url/i.test(name)) args[name] = url;
			else if (/key/i.test(name) && key) args[name] = key;
		}
		calls.push({ name: solver.name, arguments: args });
	}
	const balance = c.tools.find((t) => /balance/i.test(t.name));
	if (balance && /balance/i.test(c.userText)) calls.push({ name: balance.name, arguments: {} });
	if (calls.length) return { toolCalls: calls };
	return {
		content: `I can use these tools: ${c.tools.map((t) => t.name).join(', ') || 'none'}. Give me a page URL and its site key, or ask for the balance.`,
	};
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
	const raw = at < 0 ? '8090' : argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0) throw new Error(`--port needs a number, got ${raw}`);
	const model = await startFakeModel(pick, port);
	console.log(`fake OpenAI-compatible model on ${model.baseUrl} (Ctrl-C stops it)`);
	const stop = () => void model.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
