/** What the sandbox saw, read through its /__control endpoints, in the shapes the checks need. */
import type { SandboxProcess as Sandbox, SandboxRequestLog } from '../../scripts/lib/sandbox';

interface FormSubmission {
	token?: string;
	accepted: boolean;
	reason?: string;
	taskId?: number;
}

export async function formSubmissions(sandbox: Sandbox) {
	const forms = await sandbox.forms<FormSubmission[]>();
	const accepted = forms.filter((f) => f.accepted);
	return {
		total: forms.length,
		accepted: accepted.length,
		acceptedTokens: accepted.map((f) => String(f.token)),
		rejected: forms.filter((f) => !f.accepted),
	};
}

export async function reportedTaskIds(sandbox: Sandbox): Promise<number[]> {
	const reports = await sandbox.reports<Array<{ taskId: number }>>();
	return reports.map((r) => r.taskId);
}

/** The answers of the demo captcha images the sandbox served (the text in each PNG), oldest first. */
export async function servedCaptchaAnswers(sandbox: Sandbox): Promise<string[]> {
	const requests = await sandbox.requests<SandboxRequestLog[]>();
	return requests
		.filter((r) => r.method === 'demo/captcha.png')
		.map((r) => String((r.response as { answer?: string } | undefined)?.answer));
}
