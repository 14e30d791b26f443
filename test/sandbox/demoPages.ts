/**
 * Demo pages of the sandbox's stand-in website, each embedding several captchas the way sites do
 * (vendor scripts, widgets, inline set-up), so that Detect Captcha and Create Task → Auto-Detect
 * From Page can be shown and tested end to end: GET /demo/pages/<name>, solve what was found,
 * POST the token to /demo/form (which accepts tokens the sandbox issued).
 */

export const DEMO_KEYS = {
	hcaptcha: '7a2b9c4d-1e3f-4a5b-8c6d-9e0f1a2b3c4d',
	recaptchaV2: '6LdSandboxDemoV2Checkbox0000000000000000',
	turnstile: '0x4AAAAAAASandboxDemoWidget',
	recaptchaV3: '6LdSandboxDemoV3Score000000000000000000A',
	geetestV4: '0123456789abcdef0123456789abcdef',
} as const;

const form = (captcha: string) => `<form method="post" action="/demo/form">
    <label>Email <input type="email" name="email"></label>
    ${captcha}
    <input type="hidden" name="token">
    <button type="submit">Send</button>
  </form>`;

const PAGES: Record<string, () => string> = {
	/** hCaptcha first (CapMonster does not solve it), then reCAPTCHA v2, then Turnstile. */
	login: () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox demo: login</title>
<link rel="preconnect" href="https://www.google.com">
<script src="https://js.hcaptcha.com/1/api.js" async defer></script>
<script src="https://www.google.com/recaptcha/api.js" async defer></script>
<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>
</head><body>
<h1>Log in</h1>
<!-- Old widget, kept for reference: <div class="g-recaptcha" data-sitekey="6LdOldCommentedOutKey0000000000000000000"></div> -->
<section id="contact">${form(`<div class="h-captcha" data-sitekey="${DEMO_KEYS.hcaptcha}"></div>`)}</section>
<section id="login">${form(`<div class="g-recaptcha" data-sitekey="${DEMO_KEYS.recaptchaV2}" data-theme="light"></div>`)}</section>
<section id="newsletter">${form(`<div class="cf-turnstile" data-sitekey="${DEMO_KEYS.turnstile}" data-action="newsletter"></div>`)}</section>
</body></html>`,
	/** reCAPTCHA v3 with an action, and a GeeTest v4 set up in an inline script. */
	signup: () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox demo: sign up</title>
<script src="https://www.google.com/recaptcha/api.js?render=${DEMO_KEYS.recaptchaV3}"></script>
<script src="https://static.geetest.com/v4/gt4.js"></script>
</head><body>
<h1>Sign up</h1>
${form('<div id="captcha-box"></div>')}
<script>
  grecaptcha.ready(function () {
    grecaptcha.execute('${DEMO_KEYS.recaptchaV3}', { action: 'signup' }).then(function (token) {
      document.querySelector('input[name=token]').value = token;
    });
  });
  initGeetest4({ captchaId: '${DEMO_KEYS.geetestV4}', product: 'bind' }, function (captcha) {});
</script>
</body></html>`,
};

export const DEMO_PAGE_NAMES = Object.keys(PAGES);

/** The HTML of /demo/pages/<name>, or undefined. */
export function demoPageHtml(name: string): string | undefined {
	return Object.prototype.hasOwnProperty.call(PAGES, name) ? PAGES[name]() : undefined;
}
