/**
 * Scenario 2 — examples/image-from-binary.json through `n8n execute`: the HTTP Request node
 * downloads the sandbox's demo captcha as binary `data`, CapMonster Image to Text reads it.
 */
import { nodeItems, type ExecuteResult } from '../../../scripts/lib/n8n';
import { WORKFLOW_IDS, loadExample } from '../../../scripts/lib/workflows';
import { assert, assertEqual, type Scenario } from '../harness';
import { servedCaptchaAnswers } from '../sandboxStats';

export const imageFromBinary: Scenario = {
	name: 'image-from-binary',
	title: 'Image to Text from a binary property downloaded by the HTTP Request node (n8n execute)',
	async run(ctx) {
		const { sandbox } = ctx;
		const n8n = await ctx.sandboxN8n([loadExample('image-from-binary.json', sandbox.url)]);
		// Each GET /demo/captcha.png draws a new random text, announced in x-sandbox-answer and
		// kept in the sandbox's request log. Check that the two agree on an image fetched here...
		const probe = await fetch(`${sandbox.url}/demo/captcha.png`);
		const probeAnswer = probe.headers.get('x-sandbox-answer');
		await probe.arrayBuffer();
		const served = await servedCaptchaAnswers(sandbox);
		await ctx.check('the sandbox logs the x-sandbox-answer of every image it serves', async () => {
			assert(
				probeAnswer && probeAnswer.length >= 4,
				`x-sandbox-answer header: ${JSON.stringify(probeAnswer)}`,
			);
			assertEqual(served[served.length - 1], probeAnswer, 'logged answer of the probe image');
		});

		// ...then the answer for the image n8n downloads is the next one the log shows.
		let res: ExecuteResult = { code: -1, ms: 0, logs: '' };
		let expected = '';
		await ctx.check('the HTTP Request node produced binary "data"', async () => {
			res = await n8n.execute(WORKFLOW_IDS.imageFromBinary);
			const servedAfter = await servedCaptchaAnswers(sandbox);
			assertEqual(servedAfter.length, served.length + 1, 'images served during the n8n run');
			expected = servedAfter[servedAfter.length - 1];
			assertEqual(res.code, 0, `exit code (error: ${res.run?.data.resultData.error?.message})`);
			const runs = res.run?.data.resultData.runData['Download captcha image'];
			const item = runs?.[0]?.data?.main?.[0]?.[0];
			const bin = item?.binary?.data as { mimeType?: string } | undefined;
			assert(bin, `no binary.data on the downloaded item: ${JSON.stringify(item)?.slice(0, 300)}`);
			assertEqual(bin.mimeType, 'image/png', 'binary mime type');
		});

		await ctx.check("Image to Text answers the image's text (x-sandbox-answer)", async () => {
			const out = nodeItems(res.run, 'Read the image');
			assert(out?.length === 1, `Read the image should output 1 item, got ${JSON.stringify(out)}`);
			assertEqual(out[0].status, 'ready', 'status');
			assertEqual(String(out[0].token), expected, 'recognised text');
			const solution = out[0].solution as Record<string, unknown> | undefined;
			assertEqual(solution?.text, expected, 'solution.text');
		});
	},
};
