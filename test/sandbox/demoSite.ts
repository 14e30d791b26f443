/**
 * The demo "website": a page with a captcha (/demo), a text-captcha image (/demo/captcha.png),
 * a form (/demo/form) that accepts a token the sandbox handed out, once, and the pages with
 * several captchas of demoPages.ts (/demo/pages/<name>). A new page module plugs in here.
 */
import { normaliseCaptchaText, randomCaptchaText, renderCaptchaPng } from './captchaImage';
import { demoPageHtml } from './demoPages';
import { isPlainObject } from './fields';
import type { Reply, Router } from './http';
import { jsonReply, textReply } from './http';
import type { SandboxState } from './state';
import type { FormSubmission } from './types';
import { DEMO_SITE_KEY } from './types';

export function demoSiteRouter(state: SandboxState): Router {
	return (httpMethod, lower, path) => {
		if (lower === '/demo/captcha.png')
			return {
				method: 'demo/captcha.png',
				faultable: false,
				parse: 'params',
				handle: (_b, url) => demoCaptcha(state, url),
			};
		if (lower === '/demo/form')
			return {
				method: 'demo/form',
				faultable: false,
				parse: 'form',
				handle: (body) =>
					httpMethod === 'POST' ? demoForm(state, body) : textReply('POST only', 405),
			};
		if (lower.startsWith('/demo/pages/'))
			return {
				method: 'demo/pages',
				faultable: false,
				parse: 'params',
				handle: () => {
					const html = demoPageHtml(path.slice('/demo/pages/'.length));
					return html
						? textReply(html, 200, 'text/html; charset=utf-8')
						: textReply('Not found', 404);
				},
			};
		if (lower === '/demo' || lower === '/')
			return { method: 'demo', faultable: false, parse: 'params', handle: () => demoPage() };
		return undefined;
	};
}

function demoCaptcha(state: SandboxState, url: URL): Reply {
	const answer =
		normaliseCaptchaText(url.searchParams.get('text') ?? '') || randomCaptchaText(state.rng);
	return {
		status: 200,
		contentType: 'image/png',
		text: renderCaptchaPng(answer),
		logged: { answer },
		headers: { 'x-sandbox-answer': answer, 'cache-control': 'no-store' },
	};
}

function demoForm(state: SandboxState, body: unknown): Reply {
	const fields = isPlainObject(body) ? body : {};
	const tokenField = ['g-recaptcha-response', 'token', 'cf-turnstile-response'].find(
		(name) => typeof fields[name] === 'string',
	);
	const token = tokenField ? (fields[tokenField] as string) : undefined;
	const submission: FormSubmission = { at: Date.now(), token, accepted: false, fields };
	state.formSubmissions.push(submission);
	const taskId = token === undefined ? undefined : state.issuedTokens.get(token);
	const task = taskId === undefined ? undefined : state.taskMap.get(taskId);
	if (task) state.settle(task, Date.now());
	if (!token || !task || task.status !== 'ready') submission.reason = 'unknown token';
	else if (state.usedTokens.has(token)) submission.reason = 'token already used';
	else {
		state.usedTokens.add(token);
		submission.accepted = true;
	}
	submission.taskId = task?.id;
	return jsonReply(
		submission.accepted ? { accepted: true } : { accepted: false, reason: submission.reason },
	);
}

function demoPage(): Reply {
	const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>CapMonster sandbox demo</title></head>
<body>
<h1>Sandbox demo form</h1>
<p>This page stands in for a website protected by a captcha. The <code>data-sitekey</code> below is
the <em>site key</em> (websiteKey) a solver needs; the page URL is the websiteURL.</p>
<form method="post" action="/demo/form">
  <div class="g-recaptcha" data-sitekey="${DEMO_SITE_KEY}"></div>
  <p><img src="/demo/captcha.png" alt="text captcha"></p>
  <input name="g-recaptcha-response" placeholder="token from the sandbox">
  <button type="submit">Submit</button>
</form>
</body></html>`;
	return textReply(html, 200, 'text/html; charset=utf-8');
}
