/**
 * What an AI Agent's model reads about Create Task when the node is used as a tool: one text per
 * task type, built from the type's declaration (its required fields and what they mean) plus where
 * its answer goes. Shown as the tool's Description field, pre-filled, so users can still edit it.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { TaskTypeSpec } from '../../taskTypes';
import { toolDescriptionProperty } from '../operations';

const EXPIRES = 'Tokens expire after about 2 minutes: use it at once.';
const COOKIE_BOUND =
	'It works only together with the same proxy IP and user agent the task was solved with.';

/** Where the answer in `token` goes, and how long it lasts, per task type (or family). */
const ANSWER_USE: Record<string, string> = {
	recaptchaV2: `put it into the page's g-recaptcha-response field (or pass it to the widget's callback). ${EXPIRES}`,
	recaptchaV2Enterprise: `put it into the page's g-recaptcha-response field (or pass it to the widget's callback). ${EXPIRES}`,
	recaptchaV3: `send it where the page sends the result of grecaptcha.execute (often a g-recaptcha-response or token field). ${EXPIRES}`,
	recaptchaV3Enterprise: `send it where the page sends the result of grecaptcha.enterprise.execute. ${EXPIRES}`,
	recaptchaClick:
		'one true/false per grid cell, left to right and top to bottom: click the cells that are true.',
	imageToText: "the recognised text: type it into the captcha's text box.",
	imageRecognition: 'the answer of the recognition task (angles, cell numbers or coordinates).',
	turnstile: `put it into the cf-turnstile-response field (or pass it to the widget's callback). ${EXPIRES}`,
	turnstileChallengeToken: `pass it to the page's Turnstile callback. ${EXPIRES}`,
	turnstileChallengeCookie: `the cf_clearance cookie value: send it as the cf_clearance cookie. ${COOKIE_BOUND}`,
	turnstileWaitingRoom: `the cf_clearance cookie value: send it as the cf_clearance cookie. ${COOKIE_BOUND}`,
	geetestV3:
		'an object with challenge, validate and seccode: submit them as geetest_challenge, geetest_validate, geetest_seccode.',
	geetestV4:
		'an object with captcha_id, lot_number, pass_token, gen_time and captcha_output: submit them as the page does.',
	funCaptcha: `put it into the fc-token / verification-token field. ${EXPIRES}`,
	amazonWaf: 'the aws-waf-token cookie value (or captcha_voucher and existing_token).',
	amazonWafChallenge: 'the aws-waf-token cookie value.',
	amazonWafInvisible: 'the aws-waf-token cookie value.',
	dataDome: `a ready Cookie header value (datadome=…). ${COOKIE_BOUND}`,
	imperva: `a ready Cookie header value. ${COOKIE_BOUND}`,
	tspd: `a ready Cookie header value. ${COOKIE_BOUND}`,
	temu: 'a ready Cookie header value: replace all cookies with it.',
	tenDi: 'an object with ticket and randstr.',
	customJson:
		'the first of gRecaptchaResponse, token, text, answer or cf_clearance in the solution.',
};

function inputs(type: TaskTypeSpec): string {
	const parts = type.fields
		.filter((field) => field.required)
		.map((field) => `${field.displayName} (${firstSentence(field.description)})`);
	if (type.image) parts.unshift(type.image.max > 1 ? 'the captcha images' : 'the captcha image');
	return parts.length ? parts.join('; ') : 'nothing else';
}

function firstSentence(text: string): string {
	// The first full stop that ends a sentence (not the one of "e.g." or "i.e.").
	const end = text.search(/(?<!\be\.g|\bi\.e)\.(\s|$)/);
	return (end > 0 ? text.slice(0, end) : text).trim();
}

export function createToolDescription(type: TaskTypeSpec): string {
	const use = ANSWER_USE[type.value] ?? 'the answer to submit to the website.';
	const report = type.report === 'image' ? 'Report Incorrect Image' : 'Report Incorrect Token';
	return [
		`Solve the ${type.name} captcha (${firstSentence(type.description)}) with CapMonster Cloud and wait for the answer, usually 10 to 60 seconds.`,
		`Pass: ${inputs(type)}.`,
		`Returns token: ${use}`,
		'Also returns taskId, userAgent when the answer is bound to that browser (send the answer with it), and cost in USD.',
		`If the website rejects the answer, call ${report} with taskId and solve again.`,
		'On failure it returns error, errorCode and hint instead: fix the input it names and call again.',
	].join(' ');
}

/** One Description field per task type, shown only on the tool. */
export function createToolDescriptionProperties(types: TaskTypeSpec[]): INodeProperties[] {
	return types.map((type) =>
		toolDescriptionProperty(
			{ resource: ['task'], operation: ['create'], taskType: [type.value] },
			createToolDescription(type),
		),
	);
}
