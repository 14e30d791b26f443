/**
 * Scenario 4 — examples/failure-path.json and its Continue On Fail variant through `n8n execute`,
 * with a key the sandbox does not know and with a key whose balance is zero.
 */
import { nodeItems, type ExecuteResult } from '../../../scripts/lib/n8n';
import {
	FAILING_CREDENTIAL,
	WORKFLOW_IDS,
	credential,
	loadExample,
} from '../../../scripts/lib/workflows';
import { assert, assertEqual, assertIncludes, type Scenario } from '../harness';

const CASES = [
	{ label: 'wrong key', code: 'ERROR_KEY_DOES_NOT_EXIST', key: 'wrong-key', zeroBalance: false },
	{ label: 'zero balance', code: 'ERROR_ZERO_BALANCE', key: '', zeroBalance: true },
];

function errorText(res: ExecuteResult): string {
	const err = res.run?.data.resultData.error;
	const nodeErr = res.run?.data.resultData.runData['Solve reCAPTCHA']?.[0]?.error;
	return [err?.message, err?.description, nodeErr?.message, nodeErr?.description]
		.filter(Boolean)
		.join('\n');
}

export const failurePath: Scenario = {
	name: 'failure-path',
	title:
		'Wrong key / zero balance: the run fails with the error code and a hint; Continue On Fail passes the error on',
	async run(ctx) {
		const { sandbox } = ctx;
		const n8n = await ctx.sandboxN8n(
			[
				loadExample('failure-path.json', sandbox.url),
				loadExample('failure-path-continue-on-fail.json', sandbox.url),
			],
			{ credentials: [credential(FAILING_CREDENTIAL, sandbox.url, 'wrong-key')] },
		);
		for (const c of CASES) {
			// Zero balance: the sandbox's valid key, emptied for this case and refilled afterwards.
			const key = c.zeroBalance ? sandbox.key : c.key;
			await n8n.importCredentials([credential(FAILING_CREDENTIAL, sandbox.url, key)]);
			if (c.zeroBalance) await sandbox.setBalance(sandbox.key, 0);
			try {
				await ctx.check(`${c.label}: the run fails with ${c.code} and a hint`, async () => {
					const failed = await n8n.execute(WORKFLOW_IDS.failurePath);
					assert(failed.run, `no run JSON in n8n's output (exit ${failed.code})`);
					assertEqual(failed.code, 1, 'n8n execute exit code');
					const err = failed.run.data.resultData.error;
					assert(err, 'resultData.error is set');
					assertEqual(
						failed.run.data.resultData.lastNodeExecuted,
						'Solve reCAPTCHA',
						'last node executed',
					);
					assertIncludes(errorText(failed), c.code, 'error message/description');
					// The hint (what to do about it) goes into the error's description.
					const description = String(err.description ?? '');
					assert(
						description.length > 20,
						`expected a hint in the error description, got ${JSON.stringify(err)}`,
					);
					assert(
						!failed.run.data.resultData.runData['Use the token'],
						'"Use the token" must not run',
					);
				});

				await ctx.check(
					`${c.label}: with Continue On Fail the error item reaches the next node`,
					async () => {
						const cof = await n8n.execute(WORKFLOW_IDS.failurePathContinue);
						assertEqual(
							cof.code,
							0,
							`exit code (error: ${cof.run?.data.resultData.error?.message})`,
						);
						const out = nodeItems(cof.run, 'Solve reCAPTCHA');
						assert(
							out?.length === 1,
							`Solve reCAPTCHA should output 1 item, got ${JSON.stringify(out)}`,
						);
						assertEqual(out[0].errorCode, c.code, 'errorCode on the error item');
						assert(
							typeof out[0].error === 'string' && out[0].error.length > 0,
							'error message on the item',
						);
						assert(
							typeof out[0].hint === 'string' && out[0].hint.length > 10,
							`hint on the item: ${JSON.stringify(out[0].hint)}`,
						);
						const handled = nodeItems(cof.run, 'Handle the error');
						assert(
							handled?.length === 1,
							`Handle the error should get 1 item, got ${JSON.stringify(handled)}`,
						);
						assertEqual(handled[0].failed, true, 'Handle the error: failed');
						assertEqual(handled[0].errorCode, c.code, 'Handle the error: errorCode');
						assertEqual(handled[0].hint, out[0].hint, 'Handle the error: hint');
					},
				);
			} finally {
				if (c.zeroBalance) await sandbox.setBalance(sandbox.key, 100);
			}
		}
	},
};
